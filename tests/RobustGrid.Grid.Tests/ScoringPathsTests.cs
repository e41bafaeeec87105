using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using RobustGrid.Adversarial.Evaluation;
using RobustGrid.Corruptions.Metrics;
using RobustGrid.Data.Cache;
using RobustGrid.Data.Catalog;
using RobustGrid.Evaluation;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Training;
using RobustGrid.Methods;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Runtime;
using RobustGrid.TestTime.DynTta;
using RobustGrid.Training.Training;
using TorchSharp;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// One checkpoint, the same test images, every path that reports its accuracy, calibration or mCE: the trainer's
/// per-epoch test accuracy, <c>eval</c> (clean and --suite), <c>robustness</c>, DynTTA's evaluation of the classifier
/// alone, the grid evaluator's clean and corruption suites and the attack evaluator's clean pass. They all go through
/// one scorer on the same logits, so the numbers must be identical to the bit, and the CLI must print exactly them.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ScoringPathsTests
{
    private const int Images = 200;
    private static readonly string[] Corruptions = ["gaussian_noise", "contrast"];

    [Fact]
    public async Task EveryPathGivesOneCheckpointTheSameAccuracyCalibrationAndMce()
    {
        var scratch = Path.Combine(Path.GetTempPath(), "robustgrid-tests", $"scoring-paths-{Guid.NewGuid():N}");
        var catalog = new DatasetCatalog(DataSearchPath.Default(),
            new ImageSetCache(Path.Combine(Path.GetTempPath(), "robustgrid-tests", "dataset-cache")));
        var suites = new SuiteFactory(catalog, Path.Combine(scratch, "suites"));
        var evaluator = new CheckpointEvaluator(suites);
        var request = new SuiteRequest("fashion-mnist-c", Seed: 0, Limit: Images, Corruptions: Corruptions);

        var training = Trainer.Run(new TrainingConfig
        {
            Dataset = "fashion-mnist",
            Epochs = 1,
            TrainLimit = 1000,
            TestLimit = Images,
            LearningRate = 0.05,
            Device = DeviceChoice.Cpu,
        }, MethodRegistry.Create, Path.Combine(scratch, "run"), catalog: catalog);
        Assert.Equal(TrainingOutcome.Completed, training.Outcome);
        var checkpoint = training.CheckpointPath;

        var clean = CheckpointScoring.Clean(checkpoint, MethodRegistry.Create, evaluator, Images, torch.CPU);
        var suite = CheckpointScoring.Suite(checkpoint, MethodRegistry.Create, evaluator, request, torch.CPU);
        var robustness = CheckpointScoring.Compare([checkpoint, checkpoint], MethodRegistry.Create, evaluator, request,
            torch.CPU);
        RobustnessSummary none;
        using (var frozen = new FrozenClassifier(TrainedModel.Load(checkpoint, MethodRegistry.Create, torch.CPU)))
            none = EnhancerEvaluation.Score(frozen, [(EnhancerEvaluation.None, null)], evaluator, request, torch.CPU)
                .Single();
        using var grid = new TorchCheckpointEvaluator(Options.Create(new GridSiloOptions()), catalog, suites: suites);
        var gridClean = grid.Evaluate(Request(checkpoint, new EvaluationSpec("clean", [], [], Images)),
            CancellationToken.None).Metrics;
        var gridSuite = grid.Evaluate(
            Request(checkpoint, new EvaluationSpec("fashion-mnist-c", Corruptions, [1, 2, 3, 4, 5], Images)),
            CancellationToken.None).Metrics;
        var attack = CheckpointScoring.Attack(checkpoint, MethodRegistry.Create,
            new AdversarialCheckpointEvaluator(catalog), AttackPresets.Pgd2, Images, torch.CPU);

        Assert.Equal(Images, clean.Count);
        // A real classifier with real calibration error, so agreement below is not agreement on zeros.
        Assert.InRange(clean.Accuracy, 0.4, 0.95);
        Assert.True(clean.Ece > 0 && clean.RmsCalibrationError > 0 && clean.Nll > 0, clean.ToString());

        // Accuracy: the trainer's, both eval paths, robustness, DynTTA's "none", both grid suites, the attack's clean
        // pass.
        Assert.Equal(clean.Accuracy, training.TestAccuracy);
        foreach (var scores in new[] { suite.Clean, robustness[0].Clean, robustness[1].Clean, none.Clean })
            Assert.Equal(clean, scores);
        foreach (var columns in new[] { gridClean, gridSuite })
        {
            Assert.Equal(clean.Accuracy, columns[MetricNames.CleanAccuracy]);
            Assert.Equal(clean.Error, columns[MetricNames.CleanError]);
            Assert.Equal(clean.Ece, columns[MetricNames.Ece]);
            Assert.Equal(clean.RmsCalibrationError, columns[MetricNames.RmsCalibrationError]);
            Assert.Equal(clean.Nll, columns[MetricNames.Nll]);
        }
        Assert.Equal(clean.Accuracy, attack.CleanAccuracy);

        // mCE and every corruption x severity cell: eval --suite, robustness, DynTTA's "none" and the grid.
        Assert.True(suite.MeanCorruptionError > clean.Error,
            $"mCE {suite.MeanCorruptionError} vs clean error {clean.Error}");
        foreach (var report in robustness)
        {
            Assert.Equal(suite.Corruptions.Select(c => c.Errors), report.Corruptions.Select(c => c.Errors));
            Assert.Equal(suite.Corruptions.Select(c => c.Ece), report.Corruptions.Select(c => c.Ece));
            Assert.Equal(suite.MeanCorruptionError, report.MeanCorruptionError);
        }
        Assert.Equal(suite.MeanCorruptionError, none.MeanCorruptionError);
        Assert.Equal(suite.Corruptions.ToDictionary(c => c.Corruption, c => c.MeanError), none.CorruptionErrors);
        Assert.Equal(suite.MeanCorruptionError, gridSuite[MetricNames.MeanCorruptionError]);
        foreach (var corruption in suite.Corruptions)
            for (var s = 0; s < 5; s++)
                Assert.Equal(corruption.Errors[s], gridSuite[$"corruption/{corruption.Corruption}/{s + 1}"]);

        // The command line, in processes of its own, generates the same suite and prints or writes the same numbers.
        var home = Path.Combine(scratch, "home");
        var environment = new Dictionary<string, string> { ["ROBUSTGRID_HOME"] = home, ["COLUMNS"] = "300" };
        var (evalExit, evalOutput) = await CliProcess.RunAsync(environment, TimeSpan.FromMinutes(3),
            "eval", "--checkpoint", checkpoint, "--test-limit", $"{Images}", "--device", "cpu");
        Assert.True(evalExit == 0, evalOutput);
        Assert.Contains($"clean accuracy {Percent(clean.Accuracy)} %, clean error {Percent(clean.Error)} %, " +
            $"ECE {Percent(clean.Ece)} %, " +
                        $"RMS calibration error {Percent(clean.RmsCalibrationError)} %", evalOutput);

        var reportFolder = Path.Combine(scratch, "report");
        var (suiteExit, suiteOutput) = await CliProcess.RunAsync(environment, TimeSpan.FromMinutes(5),
            "eval", "--checkpoint", checkpoint, "--suite", "fashion-mnist-c", "--corruptions",
            string.Join(',', Corruptions), "--test-limit", $"{Images}", "--out", reportFolder, "--device", "cpu");
        Assert.True(suiteExit == 0, suiteOutput);
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(reportFolder, "report.json"))))
        {
            var root = json.RootElement;
            Assert.Equal(clean.Accuracy, root.GetProperty("clean_accuracy").GetDouble());
            Assert.Equal(clean.Ece, root.GetProperty("clean_ece").GetDouble());
            Assert.Equal(clean.RmsCalibrationError, root.GetProperty("clean_rms_calibration_error").GetDouble());
            Assert.Equal(clean.Nll, root.GetProperty("clean_nll").GetDouble());
            Assert.Equal(suite.MeanCorruptionError, root.GetProperty("mce").GetDouble());
        }

        var (robustnessExit, robustnessOutput) = await CliProcess.RunAsync(environment, TimeSpan.FromMinutes(5),
            "robustness", "--checkpoint", checkpoint, "--test-limit", $"{Images}", "--corruptions",
            string.Join(',', Corruptions), "--device", "cpu");
        Assert.True(robustnessExit == 0, robustnessOutput);
        Assert.Contains($": clean error {Percent(clean.Error)} %, mCE {Percent(suite.MeanCorruptionError)} %",
            robustnessOutput);
    }

    private static EvaluationRequest Request(string checkpoint, EvaluationSpec evaluation) =>
        new(new TrialSpec("paths", "paths/0", 0, "fashion-mnist", "small-cnn", "erm", 0, 1, [], "paths", [],
            "test_accuracy", "cpu", 0, evaluation),
            checkpoint, "paths-checkpoint", []);

    private static string Percent(double fraction) => (100 * fraction).ToString("F2", CultureInfo.InvariantCulture);
}
