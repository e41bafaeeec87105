using RobustGrid.Catalog;
using System.CommandLine;
using RobustGrid.Corruptions.Metrics;
using RobustGrid.Data.Catalog;
using RobustGrid.Evaluation;
using RobustGrid.Methods;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Runtime;
using Spectre.Console;

namespace RobustGrid.Cli.Commands;

internal static class RobustnessCommand
{
    public static Command Create()
    {
        var checkpoints = new Option<string[]>("--checkpoint")
        {
            Description = "Checkpoints (or run folders) of one dataset to compare; repeatable.",
            Required = true,
        };
        var testLimit = new Option<int?>("--test-limit") { Description = "Evaluate on the first N test images." };
        var corruptions = CommonOptions.Corruptions();
        var seed = CommonOptions.SuiteSeed();
        var device = CommonOptions.Device();
        var suite = new Option<string?>("--suite")
        {
            Description = "Suite to score on (default: the dataset's own, e.g. cifar10-c or cifar100-c; for an " +
                "image folder the one of its image size): " +
                string.Join(", ", SuiteNames.Names) + ".",
        };
        var command = new Command("robustness",
            "Clean error, per-corruption error and mCE (unnormalised, " +
            "over the 15 benchmark corruptions x 5 severities) of several " +
            "classifiers side by side, on the same generated suite as eval --suite.")
        {
            checkpoints, testLimit, corruptions, seed, device, suite,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var torchDevice = TorchRuntime.ResolveDevice(TorchRuntime.ParseChoice(parse.GetValue(device)!));
            var paths = parse.GetValue(checkpoints)!.Select(CommonOptions.ResolveCheckpoint).ToList();
            var dataset = CheckpointFile.ReadMetadata(paths[0]).Config.Dataset;
            var request = new SuiteRequest(
                parse.GetValue(suite) ?? SuiteRequest.ForDataset(dataset, DatasetCatalog.Default()),
                parse.GetValue(seed), parse.GetValue(testLimit),
                Corruptions: CommonOptions.CorruptionList(parse.GetValue(corruptions)), EvaluatedDataset: dataset);
            var names = paths.Select(path =>
                $"{CheckpointFile.ReadMetadata(path).Config.Method} " +
                $"({Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path)))})").ToList();
            IReadOnlyList<RobustnessReport> reports = [];
            AnsiConsole.Status().Start(Markup.Escape($"evaluating on {request.Name}"), status =>
            {
                var evaluator = new CheckpointEvaluator(SuiteFactory.Default());
                reports = CheckpointScoring.Compare(paths, MethodRegistry.Create, evaluator, request, torchDevice,
                    new SynchronousProgress(status), names);
            });
            StageCommandSupport.PrintScores($"{reports[0].CleanImages} test images; suite: {reports[0].Suite}",
                [.. reports.Select(r => RobustnessSummary.From(r.Model, r))]);
            // ImageNet-C's papers report the AlexNet-normalised mCE; the table's mCE stays the unnormalised one.
            foreach (var report in reports.Where(r => r.MceBaseline is not null))
                AnsiConsole.WriteLine($"{report.Model}: mCE normalised by {report.MceBaseline!.Name} " +
                    CommonOptions.PercentWithUnit(report.BaselineNormalisedMce));
            return 0;
        }));
        return command;
    }
}
