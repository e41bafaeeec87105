using Microsoft.Extensions.Options;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// DynTTA and NaTra on the grid, each after a first sweep has trained the classifier they build on. DynTTA: a sweep
/// trains the enhancer stages through that classifier's checkpoint, and the board shows the DynTTA entry beside the
/// classifier's, with the classifier alone scored again under unenhanced/ columns on the same corrupted images.
/// NaTra: two trials that name the classifier share one stage folder that the grid makes once.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PipelineSweepTests
{
    private const string Evaluation = "evaluation: {suite: fashion-mnist-c, corruptions: [gaussian_noise, fog]}";

    private const string ClassifierSpec = $$"""
        name: dyntta-classifier
        dataset: fashion-mnist
        parameters:
          method: {value: erm}
          model: {value: small-cnn}
          epochs: {value: 1}
          train_limit: {value: 1024}
          test_limit: {value: 64}
          threads: {value: 1}
        seeds: [0]
        {{Evaluation}}
        """;

    private static string DynTtaSpec(string classifier) => $$"""
        name: dyntta-enhancer
        dataset: fashion-mnist
        parameters:
          method: {value: dyntta}
          model: {value: small-cnn}
          epochs: {value: 1}
          train_limit: {value: 64}
          test_limit: {value: 64}
          threads: {value: 1}
          dyntta.lr: {value: 0.01}
        {{SmallestMethodSettings.For("dyntta", classifier)}}seeds: [0]
        {{Evaluation}}
        """;

    private static string NaTraSpec(string classifier) => $$"""
        name: natra-stages-on-the-grid
        dataset: fashion-mnist
        parameters:
          method: {value: natra}
          model: {value: small-cnn}
          learning_rate: {value: 0.025}
          batch_size: {value: 64}
          epochs: {value: 1}
          train_limit: {value: 256}
          test_limit: {value: 64}
          threads: {value: 1}
        {{SmallestMethodSettings.For("natra", classifier)}}seeds: [0, 1]
        parallel_trials: 2
        {{Evaluation}}
        """;

    [Fact]
    public async Task ADynttaTrialEnhancesAGridTrainedClassifierAndSitsBesideItOnTheBoard()
    {
        await using var grid = await StartGrid(slots: 1);
        // The classifier as the best trial of the sweep named dyntta-classifier: refused until that sweep has run.
        const string reference = "trial:dyntta-classifier/best";
        var early = await grid.Client.GetGrain<ISweepRegistryGrain>(0).Launch(DynTtaSpec(reference), null);
        Assert.False(early.Ok);
        Assert.Contains(early.Errors, e =>
            e.Contains("no completed sweep named 'dyntta-classifier' has a best trial yet", StringComparison.Ordinal));
        var classifier = await TrainClassifier(grid);

        var summary = await RunSweep(grid, DynTtaSpec(reference));
        Assert.True(summary.State == SweepState.Completed, $"{summary.State}: {summary.Message}");
        var page = await Board(grid).Query(new LeaderboardQuery(MetricNames.MeanCorruptionError, 10));
        Assert.Equal(["dyntta", "erm"], page.Rows.Select(r => r.Method).Order());
        var dyntta = page.Rows.Single(r => r.Method == "dyntta");
        // The reference was resolved at launch into the classifier's trial id.
        Assert.Equal("trial:" + classifier.TrialIds.Single(), dyntta.Parameters["dyntta.checkpoint"]);
        Assert.EndsWith("stage3-dyntta.rgst", dyntta.Checkpoints.Single(), StringComparison.Ordinal);
        Assert.True(File.Exists(dyntta.Checkpoints.Single()));
        // The classifier alone, scored inside the DynTTA entry, is exactly the classifier's own entry: same model,
        // same test images, same seeded corrupted sets.
        foreach (var metric in new[] { MetricNames.CleanError, MetricNames.MeanCorruptionError, "corruption/fog/3" })
            Assert.Equal(classifier.MetricMeans[metric], dyntta.MetricMeans["unenhanced/" + metric], 12);
        // The enhanced columns are the classifier behind the enhancer, which changes what it sees: they are not
        // the unenhanced ones again.
        var columns = dyntta.MetricMeans.Keys.Where(k => k.StartsWith("corruption/", StringComparison.Ordinal)
            || k == MetricNames.CleanError).ToList();
        Assert.True(columns.Count >= 12, string.Join(", ", columns));
        Assert.Contains(columns, k => dyntta.MetricMeans[k] != dyntta.MetricMeans["unenhanced/" + k]);
    }

    [Fact]
    public async Task NatraTrialsNamingTheirClassifierShareOneStageFolderMadeByTheGrid()
    {
        await using var grid = await StartGrid(slots: 2);
        var classifier = await TrainClassifier(grid);

        var summary = await RunSweep(grid, NaTraSpec(classifier.Checkpoints.Single()));
        Assert.True(summary.State == SweepState.Completed, $"{summary.State}: {summary.Message}");
        Assert.Equal(2, summary.Counts[TrialState.Completed]);
        var stages = Directory.GetDirectories(Path.Combine(grid.Root, "checkpoints", "stages"), "natra-*");
        var folder = Assert.Single(stages);
        foreach (var file in new[]
        {
            "stage1-gan.rgst", "stage2-codes.bin", "stage4-directions.bin", "natra-report.json",
        })
            Assert.True(File.Exists(Path.Combine(folder, file)), $"{file} missing in {folder}");
        // Made once: the two trials ran side by side on two slots, and one waited for the other's stages.
        var builds = File.ReadAllLines(Path.Combine(folder, "grid-builds.log"));
        Assert.True(builds.Length == 1, string.Join("\n", builds));

        var natra = (await Board(grid)
            .Query(new LeaderboardQuery(MetricNames.MeanCorruptionError, 10, Method: "natra"))).Rows.Single();
        Assert.Equal([0L, 1L], natra.Seeds.Order());
        Assert.InRange(natra.Mean, 0, 1);
    }

    private static Task<GridCluster> StartGrid(int slots)
    {
        var options = Options.Create(new GridSiloOptions());
        return GridCluster.StartAsync(1, store => new TorchPair(options, store), slotsPerSilo: slots);
    }

    private static ILeaderboardGrain Board(GridCluster grid) =>
        grid.Client.GetGrain<ILeaderboardGrain>(
            LeaderboardKeys.For("fashion-mnist", "fashion-mnist-c@c:fog+gaussian_noise"));

    /// <summary>The first sweep: one ERM classifier, whose board row (and checkpoint) the pipelines build on.</summary>
    private static async Task<LeaderboardRow> TrainClassifier(GridCluster grid)
    {
        var summary = await RunSweep(grid, ClassifierSpec);
        Assert.Equal(SweepState.Completed, summary.State);
        return (await Board(grid).Query(new LeaderboardQuery(MetricNames.CleanError, 10, SweepId: summary.SweepId)))
            .Rows.Single();
    }

    /// <summary>Runs the sweep to its end and fails with each trial's state and message unless every trial
    /// completed.</summary>
    private static async Task<SweepSummary> RunSweep(GridCluster grid, string spec)
    {
        var launch = await grid.Client.GetGrain<ISweepRegistryGrain>(0).Launch(spec, null);
        Assert.True(launch.Ok, string.Join("\n", launch.Errors));
        var summary = await grid.WaitForSweep(launch.SweepId!, TimeSpan.FromSeconds(300));
        var trials = await grid.Client.GetGrain<ISweepGrain>(launch.SweepId!).GetTrials();
        Assert.True(summary.State == SweepState.Completed && trials.All(t => t.State == TrialState.Completed),
            $"{summary.State}: {summary.Message}\n" + string.Join("\n", trials.Select(t => $"{t.State}: {t.Message}")));
        return summary;
    }
}
