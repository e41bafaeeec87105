using System.CommandLine;
using RobustGrid.Data.Catalog;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Data;
using RobustGrid.Training.Runtime;
using RobustGrid.Training.TestTime.DynTta;
using RobustGrid.Training.TestTime.Shifts;

namespace RobustGrid.Cli.Commands;

internal static class DynTtaCommand
{
    public static Command Create()
    {
        var checkpoint = CommonOptions.Checkpoint();
        var output = new Option<string>("--out") { Description = "Stage folder; an existing one resumes.", Required = true };
        var trainLimit = new Option<int?>("--train-limit") { Description = "Train the enhancers on the first N training images." };
        var testLimit = new Option<int?>("--test-limit") { Description = "Evaluate on the first N test images." };
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => 0 };
        var trainCorruptions = new Option<string>("--train-corruptions") { Description = "engine (15 benchmark corruptions) or stand-in.", DefaultValueFactory = _ => "engine" };
        var evalCorruptions = new Option<string>("--eval-corruptions") { Description = "engine (15 benchmark corruptions) or stand-in.", DefaultValueFactory = _ => "engine" };
        var settings = StageCommandSupport.Settings();
        var device = CommonOptions.Device();
        var command = new Command("dyntta",
            "DynTTA: train URIE and the DynTTA enhancer through a frozen classifier, then evaluate classifier ∘ enhancer beside the classifier alone.")
        {
            checkpoint, output, trainLimit, testLimit, threads, trainCorruptions, evalCorruptions, settings, device,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var options = DynTtaOptions.Parse(TrainCommand.ParseSettings(parse.GetValue(settings) ?? []));
            var torchDevice = TorchRuntime.ResolveDevice(TorchRuntime.ParseChoice(parse.GetValue(device)!));
            if (parse.GetValue(threads) is > 0 and var n) TorchSharp.torch.set_num_threads(n);
            var path = CommonOptions.ResolveCheckpoint(parse.GetValue(checkpoint)!);
            using var classifier = new FrozenClassifier(TrainedModel.Load(path, torchDevice));
            var splits = DatasetCatalog.Default().Load(classifier.Model.Metadata.Config.Dataset);
            using var train = DeviceImageSet.Upload(parse.GetValue(trainLimit) is { } tl ? splits.Train.Take(tl) : splits.Train, torchDevice);
            using var test = DeviceImageSet.Upload(parse.GetValue(testLimit) is { } el ? splits.Test.Take(el) : splits.Test, torchDevice);
            var trainingSuite = EngineCorruptions.ByName(parse.GetValue(trainCorruptions)!);
            var suite = EngineCorruptions.ByName(parse.GetValue(evalCorruptions)!);
            var report = DynTtaPipeline.Run(options, classifier, path, train, test, trainingSuite, suite,
                parse.GetValue(output)!, StageCommandSupport.Log);
            StageCommandSupport.PrintScores($"DynTTA on {test.Count} test images; corruptions: {suite.Name}", report.Scores, suite.Corruptions);
            return 0;
        }));
        return command;
    }
}
