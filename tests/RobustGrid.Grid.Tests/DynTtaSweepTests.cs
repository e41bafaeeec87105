using Microsoft.Extensions.Options;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Options;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// DynTTA on the grid: one sweep trains a classifier, a second sweep trains DynTTA's enhancer stages through that
/// classifier's checkpoint, and the board shows the DynTTA entry beside the classifier's, with the classifier alone
/// scored again under unenhanced/ columns on the same corrupted images.
/// </summary>
public sealed class DynTtaSweepTests
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
          dyntta.checkpoint: {value: "{{classifier}}"}
          dyntta.urie-epochs: {value: 1}
          dyntta.batch-size: {value: 32}
          dyntta.lr: {value: 0.01}
        seeds: [0]
        {{Evaluation}}
        """;

    [Fact]
    public async Task A_dyntta_trial_enhances_a_grid_trained_classifier_and_sits_beside_it_on_the_board()
    {
        var options = Options.Create(new GridSiloOptions());
        await using var grid = await GridCluster.StartAsync(1, () => new TorchPair(options));
        var registry = grid.Client.GetGrain<ISweepRegistryGrain>(0);
        var board = grid.Client.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For("fashion-mnist", "fashion-mnist-c"));

        var first = await registry.Launch(ClassifierSpec, "classifier");
        Assert.True(first.Ok, string.Join("\n", first.Errors));
        Assert.Equal(SweepState.Completed, (await grid.WaitForSweep(first.SweepId!, TimeSpan.FromSeconds(150))).State);
        var classifier = (await board.Query(new LeaderboardQuery(MetricNames.CleanError, 10, SweepId: first.SweepId))).Rows.Single();

        var second = await registry.Launch(DynTtaSpec(classifier.Checkpoints.Single()), "enhancer");
        Assert.True(second.Ok, string.Join("\n", second.Errors));
        var summary = await grid.WaitForSweep(second.SweepId!, TimeSpan.FromSeconds(300));
        Assert.True(summary.State == SweepState.Completed, $"{summary.State}: {summary.Message}");

        var page = await board.Query(new LeaderboardQuery(MetricNames.MeanCorruptionError, 10));
        Assert.Equal(["dyntta", "erm"], page.Rows.Select(r => r.Method).Order());
        var dyntta = page.Rows.Single(r => r.Method == "dyntta");
        Assert.EndsWith("stage3-dyntta.rgst", dyntta.Checkpoints.Single(), StringComparison.Ordinal);
        Assert.True(File.Exists(dyntta.Checkpoints.Single()));
        // The classifier alone, scored inside the DynTTA entry, is exactly the classifier's own entry: same model,
        // same test images, same seeded corrupted sets.
        foreach (var metric in new[] { MetricNames.CleanError, MetricNames.MeanCorruptionError, "corruption/fog/3" })
            Assert.Equal(classifier.MetricMeans[metric], dyntta.MetricMeans["unenhanced/" + metric], 12);
        // The enhanced columns are the classifier behind the enhancer, which changes what it sees: they are not
        // the unenhanced ones again.
        var columns = dyntta.MetricMeans.Keys.Where(k => k.StartsWith("corruption/", StringComparison.Ordinal) || k == MetricNames.CleanError).ToList();
        Assert.True(columns.Count >= 12, string.Join(", ", columns));
        Assert.Contains(columns, k => dyntta.MetricMeans[k] != dyntta.MetricMeans["unenhanced/" + k]);
    }
}
