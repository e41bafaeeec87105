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
        static string Board(string evaluation)
        {
            var (spec, errors) = SweepSpecParser.Parse(
                $"dataset: fashion-mnist\nparameters:\n  epochs: {{value: 1}}\nevaluation: {evaluation}\n");
            Assert.Empty(errors);
            return GridCatalog.BoardSuite(spec!.Evaluation);
        }

        Assert.Equal("fashion-mnist-c", Board("{suite: fashion-mnist-c}"));
        Assert.Equal("fashion-mnist-c", Board("{suite: fashion-mnist-c, severities: [5, 1, 2, 3, 4]}"));
        Assert.Equal("fashion-mnist-c@s3", Board("{suite: fashion-mnist-c, severities: [3]}"));
        Assert.Equal("fashion-mnist-c@s1,3", Board("{suite: fashion-mnist-c, severities: [3, 1, 3]}"));
        Assert.Equal("clean", Board("{suite: clean}"));
    }

    [Theory]
    [InlineData("dataset: fashion-mnist\nevaluation: {suite: clean, severities: [3]}\n", "suite 'clean'")]
    [InlineData("dataset: cifar10\nevaluation: {suite: cifar10-p, severities: [3]}\n", "suite 'cifar10-p'")]
    public void SeveritiesOfASuiteWithoutThemAreRefused(string yaml, string fragment) =>
        SpecAssert.Error(yaml, "evaluation.severities", fragment);

    private static EvaluationRequest Request(string checkpoint, int[] severities) =>
        new(new TrialSpec("severities", "severities/0", 0, "fashion-mnist", "small-cnn", "erm", 0, 1, [],
                "severities", [], "test_accuracy", "cpu", 0,
                new EvaluationSpec("fashion-mnist-c", Corruptions, severities, Images)),
            checkpoint, "severities-checkpoint", []);
}
