using RobustGrid.Data.Cache;
using RobustGrid.Data.Catalog;
using RobustGrid.Methods;
using RobustGrid.Training.Checkpoints;
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
        Catalog = new DatasetCatalog(DataSearchPath.Default(),
            new ImageSetCache(Path.Combine(Path.GetTempPath(), "robustgrid-tests", "dataset-cache")));
        var result = Trainer.Run(new TrainingConfig
        {
            Dataset = "fashion-mnist",
            Epochs = 1,
            TrainLimit = 3_000,
            TestLimit = 500,
            LearningRate = 0.05,
            Device = DeviceChoice.Cpu,
        }, MethodRegistry.Create, Path.Combine(Scratch, "run"), catalog: Catalog);
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
    private CheckpointEvaluator Evaluator =>
        new(new SuiteFactory(trained.Catalog, Path.Combine(trained.Scratch, "suites")));

    [Fact]
    public void ScoresCleanAndEveryCorruptionAndSeverity()
    {
        var request = new SuiteRequest("fashion-mnist-c", Seed: 1, Limit: 500,
            Corruptions: ["gaussian_noise", "contrast", "saturate"]);
        var report = CheckpointScoring.Suite(trained.Checkpoint, MethodRegistry.Create, Evaluator, request, torch.CPU);
        // The clean accuracy is the trainer's own measurement on the same 500 images, to the bit.
        Assert.Equal(trained.CleanAccuracy, report.Clean.Accuracy);
        Assert.Equal(500, report.CleanImages);
        Assert.Equal(report.Clean,
            CheckpointScoring.Clean(trained.Checkpoint, MethodRegistry.Create, Evaluator, 500, torch.CPU));
        Assert.Equal(["gaussian_noise", "contrast", "saturate"], report.Corruptions.Select(c => c.Corruption));
        // Reports (and the eval table's title) name the suite scored, not another dataset's.
        var recipe = Corruptions.Suite.GeneratedSuite.RecipeVersion;
        Assert.Equal($"RobustGrid-generated fashion-mnist-c (seed 1, {recipe})", report.Suite);
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
        var first = CheckpointScoring.Suite(trained.Checkpoint, MethodRegistry.Create, Evaluator, request, torch.CPU);
        var cacheFile = Directory.GetFiles(Path.Combine(trained.Scratch, "suites"), "shot_noise.npy",
            SearchOption.AllDirectories).Single();
        var stamp = File.GetLastWriteTimeUtc(cacheFile);
        var second = CheckpointScoring.Suite(trained.Checkpoint, MethodRegistry.Create, Evaluator, request, torch.CPU);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(cacheFile));
        Assert.Equal(first.Corruptions[0].Errors, second.Corruptions[0].Errors);
    }

    [Fact]
    public void ASuiteOfAnotherDatasetIsAClearError()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            CheckpointScoring.Suite(trained.Checkpoint, MethodRegistry.Create, Evaluator,
                new SuiteRequest("cifar10-c", Limit: 10), torch.CPU));
        Assert.Contains("small-cnn/erm was trained on fashion-mnist", error.Message);
        Assert.Contains("unknown suite 'mnist-c'",
            Assert.Throws<ArgumentException>(() => new SuiteRequest("mnist-c").Dataset).Message);
    }
}

public sealed class AdversarialCheckpointEvaluatorTests(TrainedCheckpointFixture trained)
    : IClassFixture<TrainedCheckpointFixture>
{
    [Fact]
    public void PgdLowersAccuracyOfTheCheckpointAndNamesTheColumn()
    {
        var result = CheckpointScoring.Attack(trained.Checkpoint, MethodRegistry.Create,
            new AdversarialCheckpointEvaluator(trained.Catalog), "pgd-8/255", 100, torch.CPU);
        Assert.Equal("pgd-8/255", result.Suite);
        Assert.Equal(100, result.Images);
        Assert.True(result.RobustAccuracy < result.CleanAccuracy,
            $"robust {result.RobustAccuracy} vs clean {result.CleanAccuracy}");
        Assert.True(result.MaxPerturbation <= 8 / 255.0 + 1e-6);
        // The accuracies are the scorer's: clean as on the clean path, robust as the attacks' own bookkeeping found it.
        var evaluator =
            new CheckpointEvaluator(new SuiteFactory(trained.Catalog, Path.Combine(trained.Scratch, "suites")));
        var clean = CheckpointScoring.Clean(trained.Checkpoint, MethodRegistry.Create, evaluator, 100, torch.CPU);
        Assert.Equal(clean.Accuracy, result.CleanAccuracy);
        Assert.Equal(result.Stages[^1].RobustAccuracy, result.RobustAccuracy);
    }

    [Fact]
    public void AnUnknownSuiteIsAClearError() =>
        Assert.Contains("known: pgd-2/255", Assert.Throws<ArgumentException>(() =>
            CheckpointScoring.Attack(trained.Checkpoint, MethodRegistry.Create,
                new AdversarialCheckpointEvaluator(trained.Catalog), "fgsm", 10, torch.CPU)).Message);
}
