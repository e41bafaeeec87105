using System.CommandLine;
using System.Globalization;
using RobustGrid.Data.Catalog;
using RobustGrid.Methods;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Data;
using RobustGrid.NaTra;
using RobustGrid.Training.Runtime;
using Spectre.Console;

namespace RobustGrid.Cli.Commands;

internal static class NaTraCommand
{
    public static Command Create()
    {
        var checkpoint = CommonOptions.Checkpoint();
        checkpoint.Description = "The classifier that decides which directions are class-independent (stage 4).";
        var output = new Option<string>("--out")
        {
            Description = "Stage folder; an existing one resumes.",
            Required = true,
        };
        var trainLimit = new Option<int?>("--train-limit")
        {
            Description = "Train the GAN and cache codes for the first N training images.",
        };
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => 0 };
        var settings = StageCommandSupport.Settings();
        var device = CommonOptions.Device();
        var command = new Command("natra",
            "NaTra (reconstruction) stages 1-4: GAN + encoder, cached latent codes, latent codes expansion, " +
            "class-independent directions. "
            + "Then train with: robustgrid train --method natra --set stages=<out>.")
        {
            checkpoint, output, trainLimit, threads, settings, device,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var options = NaTraOptions.Parse(TrainCommand.ParseSettings(parse.GetValue(settings) ?? []));
            var torchDevice = TorchRuntime.ResolveDevice(TorchRuntime.ParseChoice(parse.GetValue(device)!));
            if (parse.GetValue(threads) is > 0 and var n) TorchSharp.torch.set_num_threads(n);
            using var classifier = TrainedModel.Load(CommonOptions.ResolveCheckpoint(parse.GetValue(checkpoint)!),
                MethodRegistry.Create, torchDevice);
            foreach (var p in classifier.Module.parameters()) p.requires_grad = false;
            var splits = DatasetCatalog.Default().Load(classifier.Metadata.Config.Dataset);
            var report = NaTraPipeline.Run(options, splits.Train, parse.GetValue(trainLimit), classifier, torchDevice,
                parse.GetValue(output)!, StageCommandSupport.Log);
            AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"reconstruction MSE ([-1,1] scale): " +
                $"encoder {report.Expansion.EncoderError:F4}, refined {report.Expansion.RefinedError:F4}, refined " +
                $"longer {report.Expansion.RefinedLongerError:F4}, expanded {report.Expansion.ExpandedError:F4}"));
            AnsiConsole.WriteLine(
                $"kept directions: {string.Join(", ", report.Directions.Where(d => d.Kept).Select(d => d.Index))} " +
                $"of {report.Directions.Count}");
            return 0;
        }));
        return command;
    }
}
