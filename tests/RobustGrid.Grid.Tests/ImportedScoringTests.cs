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
using RobustGrid.Training.Training;
using TorchSharp;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// A trained checkpoint exported as a torch.save file and imported back with its normalisation, through the command
/// line: the imported checkpoint is a different file with another method, yet eval, the grid evaluator and the
/// attacks score it exactly as the trained one.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ImportedScoringTests
{
    private const int Images = 200;

    [Fact]
    public async Task AnImportedCheckpointScoresExactlyAsTheTrainedOneItCameFrom()
    {
        var scratch = Path.Combine(Path.GetTempPath(), "robustgrid-tests", $"imported-{Guid.NewGuid():N}");
        var catalog = new DatasetCatalog(DataSearchPath.Default(),
            new ImageSetCache(Path.Combine(Path.GetTempPath(), "robustgrid-tests", "dataset-cache")));
        var home = Path.Combine(scratch, "home");
        var run = Path.Combine(scratch, "imported");
        var (trained, _) = await ImportedSmallCnn.TrainExportAndImport(catalog, home, scratch, 1000, Images, run);
        var imported = CheckpointFile.Resolve(run);
        Assert.Equal(ImportedWeights.MethodName, CheckpointFile.ReadMetadata(imported).Config.Method);

        var evaluator = new CheckpointEvaluator(new SuiteFactory(catalog, Path.Combine(scratch, "suites")));
        var clean = CheckpointScoring.Clean(trained, MethodRegistry.Create, evaluator, Images, torch.CPU);
        Assert.InRange(clean.Accuracy, 0.4, 0.95);
        Assert.Equal(clean, CheckpointScoring.Clean(imported, MethodRegistry.Create, evaluator, Images, torch.CPU));
        using var grid = new TorchCheckpointEvaluator(Options.Create(new GridSiloOptions()), catalog);
        var spec = new EvaluationSpec("clean", [], [], Images);
        Assert.Equal(grid.Evaluate(Request(trained, spec), CancellationToken.None).Metrics,
            grid.Evaluate(Request(imported, spec), CancellationToken.None).Metrics);
        var attacks = new AdversarialCheckpointEvaluator(catalog);
        var attacked = CheckpointScoring.Attack(trained, MethodRegistry.Create, attacks, AttackPresets.Pgd2, 50,
            torch.CPU);
        var importedAttacked = CheckpointScoring.Attack(imported, MethodRegistry.Create, attacks, AttackPresets.Pgd2,
            50, torch.CPU);
        Assert.Equal(attacked.RobustAccuracy, importedAttacked.RobustAccuracy);
        Assert.True(attacked.RobustAccuracy < attacked.CleanAccuracy, "the attack did nothing");

        var (evalExit, evalOutput) = await CliProcess.RunAsync(home, TimeSpan.FromMinutes(3),
            "eval", "--checkpoint", run, "--test-limit", $"{Images}", "--device", "cpu");
        Assert.True(evalExit == 0, evalOutput);
        Assert.Contains("small-cnn (pretrained) on fashion-mnist", evalOutput);
    }

    private static EvaluationRequest Request(string checkpoint, EvaluationSpec evaluation) =>
        new(new TrialSpec("imported", "imported/0", 0, "fashion-mnist", "small-cnn", "erm", 0, 1, [], "imported", [],
            "test_accuracy", "cpu", 0, evaluation), checkpoint, checkpoint, []);
}
