using System.CommandLine;
using RobustGrid.Catalog;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Interop;
using Spectre.Console;

namespace RobustGrid.Cli.Commands;

internal static class ImportCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model")
        {
            Description = "The architecture the weights are for.",
            Required = true,
        };
        model.AcceptOnlyFromAmong([.. ModelNames.Names]);
        var weights = new Option<string>("--weights")
        {
            Description = "A state dict: F.safetensors (safetensors.torch.save_file) or F.pt / F.pth (torch.save).",
            Required = true,
        };
        var classes = new Option<int?>("--classes") { Description = "The model's classes (default: the dataset's)." };
        var normalization = new Option<string>("--normalization")
        {
            Description = "What the model expects its [0, 1] inputs mapped by: none, MEAN,STD for every channel, or " +
                "the means then the stds per channel.",
            DefaultValueFactory = _ => "none",
        };
        var dataset = new Option<string>("--dataset")
        {
            Description = "The dataset the model classifies (its test set and corruption suite score it).",
            DefaultValueFactory = _ => DatasetNames.Cifar10,
        };
        dataset.AcceptOnlyFromAmong([.. DatasetNames.Names]);
        var output = new Option<string>("--out") { Description = "Run folder for checkpoint.rgck.", Required = true };
        var command = new Command("import",
            "Make an evaluation-only checkpoint from PyTorch weights; eval, robustness and sweeps score it.")
        {
            model, weights, classes, normalization, dataset, output,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var request = new ImportRequest(parse.GetValue(model)!, parse.GetValue(weights)!, parse.GetValue(dataset)!,
                parse.GetValue(classes), WeightsImport.ParseNormalization(parse.GetValue(normalization)));
            var folder = parse.GetValue(output)!;
            var metadata = WeightsImport.Import(request, folder);
            AnsiConsole.WriteLine($"imported {metadata.ModelName} for {metadata.Config.Dataset} " +
                $"({ImportedWeights.Short(metadata.Imported!.Sha256)}) into " +
                Path.GetFullPath(Path.Combine(folder, CheckpointFile.FileName)));
            return 0;
        }));
        return command;
    }
}
