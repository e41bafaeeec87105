using RobustGrid.Data.Cache;
using RobustGrid.Data.Catalog;
using RobustGrid.Training.Runtime;
using RobustGrid.Training.Training;
using TorchSharp;

namespace RobustGrid.Evaluation.Tests;

/// <summary>One small real training shared by the tests: small-cnn on 3,000 Fashion-MNIST images.</summary>
public sealed class TrainedCheckpointFixture
{
    public TrainedCheckpointFixture()
    {
        Scratch = Path.Combine(Path.GetTempPath(), "robustgrid-tests", Guid.NewGuid().ToString("N"));
        Catalog = new DatasetCatalog(DataSearchPath.Default(), new ImageSetCache(Path.Combine(Path.GetTempPath(), "robustgrid-tests", "dataset-cache")));
        var result = Trainer.Run(new TrainingConfig
        {
            Dataset = "fashion-mnist", Epochs = 1, TrainLimit = 3_000, TestLimit = 500, LearningRate = 0.05, Device = DeviceChoice.Cpu,
        }, Path.Combine(Scratch, "run"), catalog: Catalog);
        Checkpoint = result.CheckpointPath;
        CleanAccuracy = result.TestAccuracy;
    }

    public string Scratch { get; }
    public DatasetCatalog Catalog { get; }
    public string Checkpoint { get; }
    public double CleanAccuracy { get; }
}

public sealed class CheckpointEvaluatorTests(TrainedCheckpointFixture trained) : IClassFixture<TrainedCheckpointFixture>
{
    private SuiteFactory Suites => new(trained.Catalog, Path.Combine(trained.Scratch, "suites"));

    [Fact]
    public void ScoresCleanAndEveryCorruptionAndSeverity()
    {
        var request = new SuiteRequest("fashion-mnist-c", Seed: 1, Limit: 500, Corruptions: ["gaussian_noise", "contrast", "saturate"]);
        var report = new CheckpointEvaluator(Suites).Evaluate(trained.Checkpoint, request, torch.CPU);
        // The clean error matches the trainer's own measurement on the same 500 images.
        Assert.Equal(1 - trained.CleanAccuracy, report.CleanError, 6);
        Assert.Equal(["gaussian_noise", "contrast", "saturate"], report.Corruptions.Select(c => c.Corruption));
        Assert.All(report.Corruptions, c => Assert.Equal(5, c.Errors.Length));
        // Contrast at severity 5 leaves little signal: far worse than clean, and worse than at severity 1.
        var contrast = report.Corruptions.Single(c => c.Corruption == "contrast");
        Assert.True(contrast.Errors[4] > contrast.Errors[0] && contrast.Errors[4] > report.CleanError + 0.1);
        // mCE averages the benchmark corruptions only (saturate is an extra).
        var benchmark = report.Corruptions.Where(c => c.IsBenchmark).ToArray();
        Assert.Equal(2, benchmark.Length);
        Assert.Equal(benchmark.Average(c => c.Errors.Average()), report.MeanCorruptionError, 12);
    }

    [Fact]
    public void TheSuiteIsGeneratedOnceAndThenReadFromTheCache()
    {
        var request = new SuiteRequest("fashion-mnist-c", Seed: 2, Limit: 200, Corruptions: ["shot_noise"]);
        var first = new CheckpointEvaluator(Suites).Evaluate(trained.Checkpoint, request, torch.CPU);
        var cacheFile = Directory.GetFiles(Path.Combine(trained.Scratch, "suites"), "shot_noise.npy", SearchOption.AllDirectories).Single();
        var stamp = File.GetLastWriteTimeUtc(cacheFile);
        var second = new CheckpointEvaluator(Suites).Evaluate(trained.Checkpoint, request, torch.CPU);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(cacheFile));
        Assert.Equal(first.Corruptions[0].Errors, second.Corruptions[0].Errors);
    }

    [Fact]
    public void ASuiteOfAnotherDatasetIsAClearError()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new CheckpointEvaluator(Suites).Evaluate(trained.Checkpoint, new SuiteRequest("cifar10-c", Limit: 10), torch.CPU));
        Assert.Contains("trained on fashion-mnist", error.Message);
        Assert.Contains("unknown suite 'mnist-c'", Assert.Throws<ArgumentException>(() => new SuiteRequest("mnist-c").Dataset).Message);
    }
}
