using Microsoft.Extensions.Options;
using RobustGrid.Data.Cache;
using RobustGrid.Data.Catalog;
using RobustGrid.Evaluation;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Grains.Specs;
using RobustGrid.Grid.Training;
using RobustGrid.Methods;
using RobustGrid.Training.Runtime;
using RobustGrid.Training.Training;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// A spec's <c>evaluation.severities</c>: the grid scores those severities only, averages over them, and files the
/// entries on a board of their own.
/// </summary>
public sealed class SeveritySubsetTests
{
    private const int Images = 100;
    private static readonly string[] Corruptions = ["gaussian_noise", "contrast"];

    [Fact]
    [Trait("Category", "Integration")]
    public void TheGridScoresOnlyTheSpecsSeveritiesAndAveragesOverThem()
    {
        var scratch = Path.Combine(Path.GetTempPath(), "robustgrid-tests", $"severities-{Guid.NewGuid():N}");
        var catalog = new DatasetCatalog(DataSearchPath.Default(),
            new ImageSetCache(Path.Combine(Path.GetTempPath(), "robustgrid-tests", "dataset-cache")));
        var suites = new SuiteFactory(catalog, Path.Combine(scratch, "suites"));
        try
        {
            var checkpoint = Trainer.Run(new TrainingConfig
            {
                Dataset = "fashion-mnist",
                Epochs = 1,
                TrainLimit = 500,
                TestLimit = Images,
                LearningRate = 0.05,
                Device = DeviceChoice.Cpu,
            }, MethodRegistry.Create, Path.Combine(scratch, "run"), catalog: catalog).CheckpointPath;
            using var grid =
                new TorchCheckpointEvaluator(Options.Create(new GridSiloOptions()), catalog, suites: suites);
            var all = grid.Evaluate(Request(checkpoint, [1, 2, 3, 4, 5]), CancellationToken.None).Metrics;
            var some = grid.Evaluate(Request(checkpoint, [2, 4]), CancellationToken.None).Metrics;

            foreach (var corruption in Corruptions)
            {
                foreach (var severity in new[] { 2, 4 })
                {
                    Assert.Equal(all[$"corruption/{corruption}/{severity}"],
                        some[$"corruption/{corruption}/{severity}"]);
                }
                foreach (var severity in new[] { 1, 3, 5 })
                    Assert.DoesNotContain($"corruption/{corruption}/{severity}", some.Keys);
                Assert.Equal((all[$"corruption/{corruption}/2"] + all[$"corruption/{corruption}/4"]) / 2,
                    some[$"corruption/{corruption}"], 12);
            }
            Assert.Equal(Corruptions.Average(c => some[$"corruption/{c}"]), some[MetricNames.MeanCorruptionError], 12);
            Assert.NotEqual(all[MetricNames.MeanCorruptionError], some[MetricNames.MeanCorruptionError]);
            Assert.Equal(all[MetricNames.CleanError], some[MetricNames.CleanError]);
        }
        finally
        {
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        }
    }

    [Fact]
    public void EntriesScoredOnOtherSeveritiesGoToAnotherBoard()
    {
        Assert.Equal("fashion-mnist-c", Board("{suite: fashion-mnist-c}"));
        Assert.Equal("fashion-mnist-c", Board("{suite: fashion-mnist-c, severities: [5, 1, 2, 3, 4]}"));
        Assert.Equal("fashion-mnist-c@s3", Board("{suite: fashion-mnist-c, severities: [3]}"));
        Assert.Equal("fashion-mnist-c@s1,3", Board("{suite: fashion-mnist-c, severities: [3, 1, 3]}"));
        Assert.Equal("clean", Board("{suite: clean}"));
    }

    [Theory]
    [InlineData("{suite: fashion-mnist-c, corruptions: [gaussian_noise, fog]}", "fashion-mnist-c@c:fog+gaussian_noise")]
    [InlineData("{suite: fashion-mnist-c, corruptions: [fog, fog]}", "fashion-mnist-c@c:fog")]
    [InlineData("{suite: fashion-mnist-c, corruptions: [fog], severities: [1, 3], n_examples: 200}",
        "fashion-mnist-c@c:fog@s1,3@n200")]
    [InlineData("{suite: fashion-mnist-c, n_examples: 200}", "fashion-mnist-c@n200")]
    [InlineData("{suite: clean, n_examples: 50}", "clean@n50")]
    [InlineData("{suite: cifar10-p, corruptions: [rotate, tilt]}", "cifar10-p@c:rotate+tilt")]
    [InlineData("{suite: cifar10-p, corruptions: [scale, tilt, rotate, translate, brightness, spatter, zoom_blur, " +
        "motion_blur, shot_noise, gaussian_noise]}", "cifar10-p")]
    [InlineData("{suite: fashion-mnist-c, corruptions: all}", "fashion-mnist-c")]
    public void EntriesScoredOnOtherCorruptionsOrImagesGoToAnotherBoard(string evaluation, string board) =>
        Assert.Equal(board, Board(evaluation));

    [Fact]
    public void TheBenchmarkCorruptionsInAnyOrderAreTheWholeSuiteAndLongerSubsetsAreCountedAndHashed()
    {
        var benchmark = new[]
        {
            "jpeg_compression", "pixelate", "elastic_transform", "contrast", "brightness", "fog", "frost", "snow",
            "zoom_blur", "motion_blur", "glass_blur", "defocus_blur", "impulse_noise", "shot_noise", "gaussian_noise",
        };
        Assert.Equal("fashion-mnist-c",
            Board($"{{suite: fashion-mnist-c, corruptions: [{string.Join(", ", benchmark)}]}}"));
        Assert.Equal("fashion-mnist-c", Board("{suite: fashion-mnist-c, corruptions: " +
            $"[{string.Join(", ", benchmark)}, speckle_noise, gaussian_blur, spatter, saturate]}}"));
        // Four names: their count and the first 6 hex digits of SHA-256 of the sorted names joined by commas.
        const string four = "contrast,fog,gaussian_noise,snow";
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(four)))[..6];
        var board = Board("{suite: cifar10-c, corruptions: [snow, fog, gaussian_noise, contrast], severities: [3]}");
        Assert.Equal($"cifar10-c@c4-{hash}@s3", board);
        Assert.Equal(board, Board("{suite: cifar10-c, corruptions: [fog, contrast, snow, gaussian_noise], " +
            "severities: [3]}"));
        Assert.NotEqual(board, Board("{suite: cifar10-c, corruptions: [fog, contrast, snow, frost], severities: [3]}"));
        Assert.Equal("cifar10-c@c:fog", Board("{suite: cifar10-c, corruptions: [fog], severities: [1, 2, 3, 4, 5]}"));
    }

    [Theory]
    [InlineData("dataset: fashion-mnist\nevaluation: {suite: clean, severities: [3]}\n", "suite 'clean'")]
    [InlineData("dataset: cifar10\nevaluation: {suite: cifar10-p, severities: [3]}\n", "suite 'cifar10-p'")]
    public void SeveritiesOfASuiteWithoutThemAreRefused(string yaml, string fragment) =>
        SpecAssert.Error(yaml, "evaluation.severities", fragment);

    private static string Board(string evaluation)
    {
        var dataset = evaluation.Contains("cifar10", StringComparison.Ordinal) ? "cifar10" : "fashion-mnist";
        var (spec, errors) = SweepSpecParser.Parse(
            $"dataset: {dataset}\nparameters:\n  epochs: {{value: 1}}\nevaluation: {evaluation}\n");
        Assert.Empty(errors);
        return GridCatalog.BoardSuite(spec!.Evaluation);
    }

    private static EvaluationRequest Request(string checkpoint, int[] severities) =>
        new(new TrialSpec("severities", "severities/0", 0, "fashion-mnist", "small-cnn", "erm", 0, 1, [],
                "severities", [], "test_accuracy", "cpu", 0,
                new EvaluationSpec("fashion-mnist-c", Corruptions, severities, Images)),
            checkpoint, "severities-checkpoint", []);
}
