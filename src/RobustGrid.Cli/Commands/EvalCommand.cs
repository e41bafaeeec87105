using System.CommandLine;
using RobustGrid.Catalog;
using RobustGrid.Corruptions.Metrics;
using RobustGrid.Corruptions.Pictures;
using RobustGrid.Data.Catalog;
using RobustGrid.Evaluation;
using RobustGrid.Methods;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Runtime;
using Spectre.Console;

namespace RobustGrid.Cli.Commands;

internal static class EvalCommand
{
    public static Command Create()
    {
        var checkpoint = CommonOptions.Checkpoint();
        var suite = new Option<string?>("--suite")
        {
            Description = "Score every corruption x severity too: " + string.Join(", ", SuiteNames.Names) +
                " (cifar100-c, tinyimagenet-c and imagenet-c take the checkpoint's dataset at 32, 64 or 224 px); " +
                PerturbationNames.Suite + ": prediction stability along the perturbation sequences " +
                "(flip probability, top-5 distance).",
        };
        var suiteFolder = new Option<string?>("--suite-folder")
        {
            Description = "Published suite folder instead of generating it: CIFAR-10-C style (NAME.npy + labels.npy) " +
                "or ImageNet-C style (CORRUPTION/SEVERITY/CLASS/*.JPEG).",
        };
        var corruptions = CommonOptions.Corruptions();
        var seed = CommonOptions.SuiteSeed();
        var testLimit = new Option<int?>("--test-limit") { Description = "Evaluate on the first N test images only." };
        var output = new Option<string?>("--out")
        {
            Description = "Folder for report.json, report.csv and heatmap.png (default: next to the checkpoint).",
        };
        var device = CommonOptions.Device();
        var command = new Command("eval", "Re-score a checkpoint: clean accuracy and calibration, " +
            "and with --suite the corruption benchmark (table, JSON, CSV, heatmap).")
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
            var folder = parse.GetValue(output) ?? Path.GetDirectoryName(Path.GetFullPath(path))!;
            if (suiteName == PerturbationNames.Suite)
                return PerturbationEval.Run(path, parse.GetValue(seed), parse.GetValue(testLimit),
                    CommonOptions.CorruptionList(parse.GetValue(corruptions)), torchDevice, folder);
            var request = new SuiteRequest(suiteName, parse.GetValue(seed), parse.GetValue(testLimit),
                parse.GetValue(suiteFolder), CommonOptions.CorruptionList(parse.GetValue(corruptions)));
            return Robustness(path, request, torchDevice, folder);
        }));
        return command;
    }

    private static int Clean(string path, TorchSharp.torch.Device device, int? limit)
    {
        var trained = CheckpointFile.ReadMetadata(path).Config;
        var splits = DatasetCatalog.Default().Load(trained.Dataset);
        var test = limit is { } n ? splits.TestImages.Take(n) : splits.TestImages;
        var evaluator = new CheckpointEvaluator(SuiteFactory.Default());
        var scores = CheckpointScoring.Clean(path, MethodRegistry.Create, evaluator, test, device);
        var title = Markup.Escape(
            $"{trained.Model} ({trained.Method}) on {trained.Dataset} [{splits.Format}], {scores.Count} test images");
        AnsiConsole.MarkupLine(
            $"{title}: " +
            $"clean accuracy [bold]{CommonOptions.PercentWithUnit(scores.Accuracy)}[/], " +
            $"clean error {CommonOptions.PercentWithUnit(scores.Error)}, " +
            $"ECE {CommonOptions.PercentWithUnit(scores.Ece)}, " +
            $"RMS calibration error {CommonOptions.PercentWithUnit(scores.RmsCalibrationError)}, " +
            $"NLL {scores.Nll.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)}");
        return 0;
    }

    private static int Robustness(string path, SuiteRequest request, TorchSharp.torch.Device device, string folder)
    {
        RobustnessReport? report = null;
        AnsiConsole.Status().Start(Markup.Escape($"evaluating on {request.Name}"), status =>
        {
            var evaluator = new CheckpointEvaluator(SuiteFactory.Default());
            report = CheckpointScoring.Suite(path, MethodRegistry.Create, evaluator, request, device,
                new SynchronousProgress(status));
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
}
