using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Training;
using Microsoft.Extensions.Options;
using RobustGrid.Grid.Grains.Options;

namespace RobustGrid.Grid.Tests;

/// <summary>A sweep of real (tiny) TorchSharp trainings on a two-silo cluster fills the leaderboard.</summary>
[Trait("Category", "Integration")]
public sealed class RealTrainingSweepTests
{
    private const string Spec = """
        name: real-tiny
        dataset: fashion-mnist
        method: grid
        parameters:
          method: {value: erm}
          model: {value: small-cnn}
          learning_rate: {values: [0.02, 0.05]}
          batch_size: {value: 64}
          epochs: {value: 1}
          train_limit: {value: 256}
          test_limit: {value: 128}
          threads: {value: 1}
        seeds: [0, 1]
        parallel_trials: 2
        max_failures: 1
        """;

    [Fact]
    public async Task TinyTrainingsCompleteAndFillTheLeaderboard()
    {
        var options = Options.Create(new GridSiloOptions());
        await using var grid = await GridCluster.StartAsync(2, () => new TorchPair(options));
        var launch = await grid.Client.GetGrain<ISweepRegistryGrain>(0).Launch(Spec, "real");
        Assert.True(launch.Ok, string.Join("\n", launch.Errors));
        var summary = await grid.WaitForSweep(launch.SweepId!, TimeSpan.FromSeconds(150));
        Assert.True(summary.State == SweepState.Completed, GridDisplayText(summary));
        Assert.Equal(4, summary.Counts[TrialState.Completed]);

        var page = await grid.Client.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For("fashion-mnist", "clean"))
            .Query(new LeaderboardQuery(MetricNames.CleanError, 10, SweepId: launch.SweepId));
        Assert.Equal(2, page.Rows.Length);
        Assert.All(page.Rows, r =>
        {
            Assert.Equal(2, r.Seeds.Length);
            Assert.InRange(r.Mean, 0, 1);
            Assert.True(r.MetricMeans.ContainsKey(MetricNames.Ece));
            Assert.All(r.Checkpoints, c => Assert.True(File.Exists(c), c));
        });
    }

    private static string GridDisplayText(SweepSummary s) => $"{s.State} {string.Join(",", s.Counts.Select(c => $"{c.Key}={c.Value}"))} {s.Message}";
}
