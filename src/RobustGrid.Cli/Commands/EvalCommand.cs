using System.CommandLine;
using System.Globalization;
using RobustGrid.Corruptions.Metrics;
using RobustGrid.Corruptions.Pictures;
using RobustGrid.Data.Catalog;
using RobustGrid.Evaluation;
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
        var suite = new Option<string?>("--suite") { Description = "cifar10-c or fashion-mnist-c: score every corruption x severity too." };
        var suiteFolder = new Option<string?>("--suite-folder") { Description = "Published CIFAR-10-C style folder (NAME.npy + labels.npy) instead of generating the suite." };
        var corruptions = new Option<string?>("--corruptions") { Description = "Comma-separated subset of corruptions (default: all 19)." };
        var seed = new Option<long>("--seed") { Description = "Seed of the generated suite.", DefaultValueFactory = _ => 0 };
        var testLimit = new Option<int?>("--test-limit") { Description = "Evaluate on the first N test images only." };
        var output = new Option<string?>("--out") { Description = "Folder for report.json, report.csv and heatmap.png (default: next to the checkpoint)." };
        var device = CommonOptions.Device();
        var command = new Command("eval", "Re-score a checkpoint: clean accuracy, and with --suite the corruption benchmark (table, JSON, CSV, heatmap).")
        {
            checkpoint, suite, suiteFolder, corruptions, seed, testLimit, output, device,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var path = CommonOptions.ResolveCheckpoint(parse.GetValue(checkpoint)!);
            var torchDevice = TorchRuntime.ResolveDevice(TorchRuntime.ParseChoice(parse.GetValue(device)!));
            var suiteName = parse.GetValue(suite);
            if (suiteName is null)
                return Clean(path, torchDevice, parse.GetValue(testLimit));
            var request = new SuiteRequest(suiteName, parse.GetValue(seed), parse.GetValue(testLimit), parse.GetValue(suiteFolder),
                parse.GetValue(corruptions)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            var folder = parse.GetValue(output) ?? Path.GetDirectoryName(Path.GetFullPath(path))!;
            return Robustness(path, request, torchDevice, folder);
        }));
        return command;
    }

    private static int Clean(string path, TorchSharp.torch.Device device, int? limit)
    {
        using var model = TrainedModel.Load(path, device);
        var splits = DatasetCatalog.Default().Load(model.Metadata.Config.Dataset);
        using var test = DeviceImageSet.Upload(limit is { } n ? splits.Test.Take(n) : splits.Test, device);
        var accuracy = ClassifierAccuracy.Measure(model.Module, test, model.Normalization);
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"{model.Metadata.Config.Model} ({model.Metadata.Config.Method}) on {model.Metadata.Config.Dataset} [{splits.Format}], {test.Count} test images: clean accuracy [bold]{accuracy:P2}[/], clean error {1 - accuracy:P2}"));
        return 0;
    }

    private static int Robustness(string path, SuiteRequest request, TorchSharp.torch.Device device, string folder)
    {
        RobustnessReport? report = null;
        AnsiConsole.Status().Start($"evaluating on {request.Name}", status =>
        {
            report = new CheckpointEvaluator(SuiteFactory.Default()).Evaluate(path, request, device, new SynchronousProgress(status));
        });
        Directory.CreateDirectory(folder);
        var json = Path.Combine(folder, "report.json");
        var csv = Path.Combine(folder, "report.csv");
        var heatmap = Path.Combine(folder, "heatmap.png");
        ReportWriter.Write(report!, json, csv);
        ErrorHeatmap.Render(report!, heatmap);
        AnsiConsole.Write(ReportTable.Render(report!));
        AnsiConsole.MarkupLine($"wrote {Markup.Escape(json)}, {Markup.Escape(csv)}, {Markup.Escape(heatmap)}");
        return 0;
    }

    /// <summary>Reports on the evaluating thread itself; Progress&lt;T&gt; would post to a thread pool instead.</summary>
    private sealed class SynchronousProgress(StatusContext status) : IProgress<string>
    {
        public void Report(string value) => status.Status(Markup.Escape(value));
    }
}
