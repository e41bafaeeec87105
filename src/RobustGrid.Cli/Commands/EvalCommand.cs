using System.CommandLine;
using System.Globalization;
using RobustGrid.Data.Catalog;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Data;
using RobustGrid.Training.Runtime;
using RobustGrid.Training.Training;
using Spectre.Console;

namespace RobustGrid.Cli.Commands;

internal static class EvalCommand
{
    public static Command Create()
    {
        var checkpoint = CommonOptions.Checkpoint();
        var testLimit = new Option<int?>("--test-limit") { Description = "Evaluate on the first N test images only." };
        var device = CommonOptions.Device();
        var command = new Command("eval", "Re-score a checkpoint on its dataset's clean test set.") { checkpoint, testLimit, device };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var path = CommonOptions.ResolveCheckpoint(parse.GetValue(checkpoint)!);
            var torchDevice = TorchRuntime.ResolveDevice(TorchRuntime.ParseChoice(parse.GetValue(device)!));
            using var model = TrainedModel.Load(path, torchDevice);
            var splits = DatasetCatalog.Default().Load(model.Metadata.Config.Dataset);
            var limit = parse.GetValue(testLimit);
            using var test = DeviceImageSet.Upload(limit is { } n ? splits.Test.Take(n) : splits.Test, torchDevice);
            var accuracy = ClassifierAccuracy.Measure(model.Module, test, model.Normalization);
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"{model.Metadata.Config.Model} ({model.Metadata.Config.Method}) on {model.Metadata.Config.Dataset} [{splits.Format}], {test.Count} test images: clean accuracy [bold]{accuracy:P2}[/], clean error {1 - accuracy:P2}"));
            return 0;
        }));
        return command;
    }
}
