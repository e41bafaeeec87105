using System.Globalization;
using RobustGrid.Catalog.Training;
using RobustGrid.Corruptions.Core;
using RobustGrid.Evaluation;
using RobustGrid.Methods;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Runtime;
using RobustGrid.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// <c>anchor</c>: the run every seed paper compares against, AugMix's WRN-40-2 on CIFAR-10 with AugMix's recipe
/// (100 epochs, SGD Nesterov 0.1 cosine, batch 128, JSD), trained for as long as a time budget allows into a run
/// folder that the same command continues later (the schedule stays the 100-epoch one). Then the last epoch's
/// checkpoint is scored: clean error, and CIFAR-10-C mCE over the 15 benchmark corruptions at 5 severities, beside
/// the paper's 100-epoch anchor (clean 4.9 %, mCE 11.2 %).
/// </summary>
internal static class AnchorRun
{
    private const double PaperCleanError = 4.9;
    private const double PaperMce = 11.2;

    public static void Run(Arguments options, Device device)
    {
        var budget = TimeSpan.FromMinutes(double.Parse(options.Get("minutes", "8"), CultureInfo.InvariantCulture));
        var run = options.Get("out", "runs/augmix-anchor");
        // AugMix's recipe for everything not given here; the model is the paper's WRN-40-2 either way.
        var settings = new Dictionary<string, string>
        {
            [TrainingSettings.Method] = "augmix",
            [TrainingSettings.Model] = "wrn-40-2",
            [TrainingSettings.Precision] = options.Get("precision", TrainingPrecision.Fp32),
            [TrainingSettings.ChannelsLast] = options.Get("channels-last", "false"),
        };
        foreach (var (option, name) in new[]
        {
            ("train-limit", TrainingSettings.TrainLimit), ("test-limit", TrainingSettings.TestLimit),
            ("epochs", TrainingSettings.Epochs),
        })
            if (options.Get(option, "") is { Length: > 0 } value) settings[name] = value;
        var config = TrainingConfig.Build("cifar10", seed: 0,
            device.type == DeviceType.CUDA ? DeviceChoice.Cuda : DeviceChoice.Cpu,
            settings, new Dictionary<string, string>());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# anchor: {config.Model} {config.Method} on {config.Dataset}, {config.Epochs} epochs, " +
            $"batch {config.BatchSize}, lr {config.LearningRate}, {config.Precision}, " +
            $"budget {budget.TotalMinutes:F1} min, run folder {run}"));

        var data = RobustGrid.Data.Catalog.DatasetCatalog.Default().Load(config.Dataset);
        Console.WriteLine($"# data: {data.Train.Count} training and {data.Test.Count} test images from {data.Source} " +
            $"[{data.Format}]");

        using var stop = new CancellationTokenSource(budget);
        var result = Trainer.Run(config, MethodRegistry.Create, run, new EpochLines(), stop.Token);
        Console.WriteLine($"# training {result.Outcome}: {result.EpochsCompleted} of {config.Epochs} epochs in {run}" +
            $"{(result.Outcome == TrainingOutcome.Cancelled ? " (budget reached; the same command continues)" : "")}");
        var checkpoint = Path.Combine(run, CheckpointFile.FileName);
        if (!File.Exists(checkpoint)) return;

        var corruptions = CorruptionRegistry.Default().Benchmark.Select(c => c.Name).ToList();
        var evaluator = new CheckpointEvaluator(SuiteFactory.Default());
        var report = CheckpointScoring.Suite(checkpoint, MethodRegistry.Create, evaluator,
            new SuiteRequest("cifar10-c", Seed: 0, Limit: config.TestLimit, Corruptions: corruptions), device);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"anchor after {result.EpochsCompleted} epochs: clean error {100 * report.CleanError:F2} %, " +
            $"CIFAR-10-C mCE {100 * report.MeanCorruptionError:F2} % " +
            $"({report.CleanImages} test images); paper after 100 epochs: {PaperCleanError} %, {PaperMce} %"));
    }

    private sealed class EpochLines : ITrainingObserver
    {
        public void OnStep(StepProgress progress)
        {
        }

        public void OnEpoch(EpochReport r) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"epoch {r.Epoch}/{r.Epochs}: loss {r.TrainLoss:F4}, train {r.TrainAccuracy:P2}, test {r.TestAccuracy:P2}" +
            $", {r.ImagesPerSecond:F0} img/s, lr {r.LearningRate:G3}, {r.Duration.TotalSeconds:F1} s"));
    }
}
