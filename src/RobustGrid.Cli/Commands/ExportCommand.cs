using System.CommandLine;
using RobustGrid.Methods;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Export;
using Spectre.Console;
using TorchSharp;

namespace RobustGrid.Cli.Commands;

internal static class ExportCommand
{
    public static Command Create()
    {
        var checkpoint = CommonOptions.Checkpoint();
        var format = new Option<string>("--format")
        {
            Description = "safetensors (PyTorch parameter names).",
            DefaultValueFactory = _ => "safetensors",
        };
        var output = new Option<string?>("--out")
        {
            Description = "Output file (default: next to the checkpoint, model.safetensors).",
        };
        var command = new Command("export", "Export a checkpoint's weights for use outside RobustGrid.")
        {
            checkpoint, format, output,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            if (parse.GetValue(format) != "safetensors")
                throw new ArgumentException($"--format '{parse.GetValue(format)}' is not supported; use safetensors");
            var path = CommonOptions.ResolveCheckpoint(parse.GetValue(checkpoint)!);
            using var model = TrainedModel.Load(path, MethodRegistry.Create, torch.CPU);
            var target = parse.GetValue(output)
                ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "model.safetensors");
            var config = model.Metadata.Config;
            SafetensorsWriter.Write(target, model.Module.state_dict().Select(p => (p.Key, p.Value)),
                new Dictionary<string, string>
                {
                    ["model"] = config.Model,
                    ["method"] = config.Method,
                    ["dataset"] = config.Dataset,
                    ["normalization_mean"] = string.Join(",", model.Normalization.Mean),
                    ["normalization_std"] = string.Join(",", model.Normalization.Std),
                });
            AnsiConsole.WriteLine($"wrote {Path.GetFullPath(target)}");
            return 0;
        }));
        return command;
    }
}
