using RobustGrid.Grid.Contracts;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// Sweeps with seeds until_separated on the grid, over trials of known clean error: ipmix's error moves with the seed
/// (which pairing removes), erm is 0.05 behind it on every seed, and augmix behind it by a gap per seed.
/// </summary>
public sealed class UntilSeparatedSweepTests
{
    internal static string Spec(string name, int max) => $$"""
        name: {{name}}
        dataset: fashion-mnist
        parameters:
          method: {values: [erm, augmix, ipmix]}
          epochs: {value: 1}
        seeds: {min: 2, max: {{max}}, until_separated: true}
        parallel_trials: 2
        """;

    internal static Func<string, long, double> Errors(params double[] augmixGap) => (method, seed) =>
    {
        var ipmix = 0.20 + 0.01 * seed;
        return method switch { "ipmix" => ipmix, "erm" => ipmix + 0.05, _ => ipmix + augmixGap[seed] };
    };

    /// <summary>
    /// augmix − ipmix is +0.03, +0.01, +0.02, +0.02: a tie at two seeds (half-width 0.127) and at three (0.025),
    /// worse at four (mean 0.02, std 0.0082, half-width 3.182 · 0.0082 / 2 = 0.013). erm is separated at two and stops
    /// there.
    /// </summary>
    [Fact]
    public async Task SeedsAreAddedToTheTopUntilItIsSeparated()
    {
        await using var grid = await GridCluster.StartAsync(1,
            () => new KnownResultsExecutor(Errors(0.03, 0.01, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02)), slotsPerSilo: 2);
        var (summary, seeds) = await Run(grid, Spec("separates", max: 8));

        Assert.Equal(SweepState.Completed, summary.State);
        Assert.Equal([0L, 1, 2, 3], seeds["ipmix"]);
        Assert.Equal([0L, 1, 2, 3], seeds["augmix"]);
        Assert.Equal([0L, 1], seeds["erm"]);
        Assert.Equal(10, summary.DefinedTrials);
        Assert.StartsWith("top separated with 4 seeds: method=ipmix", summary.Message);

        // The board the sweep ends with marks every other row worse than #1: the rule the sweep stopped on.
        var board = grid.Client.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For("fashion-mnist", "clean"));
        var rows = (await board.Query(new LeaderboardQuery(SweepId: summary.SweepId))).Rows;
        Assert.Equal(["ipmix", "augmix", "erm"], rows.Select(r => r.Method));
        Assert.All(rows.Skip(1), r => Assert.Equal(ComparisonVerdict.Worse, r.VersusBest!.Verdict));
    }

    /// <summary>augmix − ipmix flips sign (+0.02, −0.01, +0.02): a tie at every seed count up to seeds.max 3.</summary>
    [Fact]
    public async Task ATieStopsWhenTheSeedBudgetIsSpent()
    {
        await using var grid = await GridCluster.StartAsync(1,
            () => new KnownResultsExecutor(Errors(0.02, -0.01, 0.02)), slotsPerSilo: 2);
        var (summary, seeds) = await Run(grid, Spec("budget", max: 3));

        Assert.Equal(SweepState.Completed, summary.State);
        Assert.Equal([0L, 1, 2], seeds["ipmix"]);
        Assert.Equal([0L, 1, 2], seeds["augmix"]);
        Assert.Equal([0L, 1], seeds["erm"]);
        Assert.Equal("seed budget spent (seeds.max 3): method=augmix not distinguishable from method=ipmix",
            summary.Message);
    }

    private static async Task<(SweepSummary Summary, Dictionary<string, long[]> Seeds)> Run(GridCluster grid,
        string spec)
    {
        var launch = await grid.Client.GetGrain<ISweepRegistryGrain>(0).Launch(spec, "sweep");
        Assert.True(launch.Ok, string.Join("\n", launch.Errors));
        var summary = await grid.WaitForSweep(launch.SweepId!, TimeSpan.FromSeconds(60));
        var trials = await grid.Client.GetGrain<ISweepGrain>(launch.SweepId!).GetTrials();
        Assert.All(trials, t => Assert.Equal(TrialState.Completed, t.State));
        var seeds = trials.GroupBy(t => t.Parameters["method"])
            .ToDictionary(g => g.Key, g => g.Select(t => t.Seed).Order().ToArray());
        return (summary, seeds);
    }
}
