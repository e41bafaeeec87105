using System.CommandLine;
using RobustGrid.Data.Catalog;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Data;
using RobustGrid.Training.Runtime;
using RobustGrid.Training.TestTime.DynTta;
using RobustGrid.Training.TestTime.Shifts;

namespace RobustGrid.Cli.Commands;

internal static class RobustnessCommand
{
    public static Command Create()
    {
        var checkpoints = new Option<string[]>("--checkpoint") { Description = "Checkpoints (or run folders) to compare; repeatable.", Required = true };
        var testLimit = new Option<int?>("--test-limit") { Description = "Evaluate on the first N test images." };
        var corruptions = new Option<string>("--corruptions") { Description = "engine (15 benchmark corruptions) or stand-in.", DefaultValueFactory = _ => "engine" };
        var device = CommonOptions.Device();
        var command = new Command("robustness",
            "Clean error, per-corruption error and mCE (unnormalised, 15 corruptions x 5 severities) of plain classifiers.")
        {
            checkpoints, testLimit, corruptions, device,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var torchDevice = TorchRuntime.ResolveDevice(TorchRuntime.ParseChoice(parse.GetValue(device)!));
            var suite = EngineCorruptions.ByName(parse.GetValue(corruptions)!);
            var scores = new List<EnhancerScores>();
            var count = 0;
            foreach (var value in parse.GetValue(checkpoints)!)
            {
                var path = CommonOptions.ResolveCheckpoint(value);
                using var classifier = new FrozenClassifier(TrainedModel.Load(path, torchDevice));
                var splits = DatasetCatalog.Default().Load(classifier.Model.Metadata.Config.Dataset);
                using var test = DeviceImageSet.Upload(parse.GetValue(testLimit) is { } n ? splits.Test.Take(n) : splits.Test, torchDevice);
                count = test.Count;
                var name = $"{classifier.Model.Metadata.Config.Method} ({Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path)))})";
                scores.AddRange(EnhancedEvaluation.Measure([(name, x => x)], classifier, test, suite, seed: 0));
            }
            StageCommandSupport.PrintScores($"{count} test images; corruptions: {suite.Name}", scores, suite.Corruptions);
            return 0;
        }));
        return command;
    }
}
