using System.CommandLine;
using RobustGrid.Data.Catalog;
using RobustGrid.Evaluation;
using RobustGrid.Methods;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Data;
using RobustGrid.Training.Runtime;
using RobustGrid.TestTime.DynTta;
using RobustGrid.TestTime.Shifts;

namespace RobustGrid.Cli.Commands;

internal static class DynTtaCommand
{
    public static Command Create()
    {
        var checkpoint = CommonOptions.Checkpoint();
        var output = new Option<string>("--out")
        {
            Description = "Stage folder; an existing one resumes.",
            Required = true,
        };
        var trainLimit = new Option<int?>("--train-limit")
        {
            Description = "Train the enhancers on the first N training images.",
        };
        var testLimit = new Option<int?>("--test-limit") { Description = "Evaluate on the first N test images." };
        var evalCorruptions = CommonOptions.Corruptions("--eval-corruptions");
        var evalSeed = CommonOptions.SuiteSeed("--eval-seed");
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => 0 };
        var settings = StageCommandSupport.Settings();
        var device = CommonOptions.Device();
        var command = new Command("dyntta",
            "DynTTA: train URIE and the DynTTA enhancer through a frozen classifier, " +
            "then evaluate classifier ∘ enhancer beside the classifier alone.")
        {
            checkpoint, output, trainLimit, testLimit, threads, evalCorruptions, evalSeed, settings, device,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var options = DynTtaOptions.Parse(TrainCommand.ParseSettings(parse.GetValue(settings) ?? []));
            var torchDevice = TorchRuntime.ResolveDevice(TorchRuntime.ParseChoice(parse.GetValue(device)!));
            if (parse.GetValue(threads) is > 0 and var n) TorchSharp.torch.set_num_threads(n);
            var path = CommonOptions.ResolveCheckpoint(parse.GetValue(checkpoint)!);
            using var classifier = new FrozenClassifier(TrainedModel.Load(path, MethodRegistry.Create, torchDevice));
            var dataset = classifier.Model.Metadata.Config.Dataset;
            var catalog = DatasetCatalog.Default();
            var splits = catalog.Load(dataset);
            using var train = DeviceImageSet.Upload(parse.GetValue(trainLimit) is { } tl ? splits.Train.Take(tl)
                : splits.Train, torchDevice);
            var trainingSuite = new EngineCorruptions();
            // Evaluated on the dataset's generated corruption suite, as 'robustgrid eval --suite' scores checkpoints.
            var evaluation = new SuiteRequest(SuiteRequest.ForDataset(dataset, catalog), parse.GetValue(evalSeed),
                parse.GetValue(testLimit), Corruptions: CommonOptions.CorruptionList(parse.GetValue(evalCorruptions)),
                EvaluatedDataset: dataset);
            var report = DynTtaPipeline.Run(options, classifier, path, train, trainingSuite, SuiteFactory.Default(),
                evaluation, parse.GetValue(output)!, StageCommandSupport.Log);
            StageCommandSupport.PrintScores(
                $"DynTTA on {report.Scores[0].Clean.Count} test images; suite: {report.EvaluationSuite}",
                report.Scores);
            return 0;
        }));
        return command;
    }
}
