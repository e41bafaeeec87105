using RobustGrid.Grid.Contracts;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// An NSGA-II sweep on the grid: generations of two run to the end, and the board's Pareto view over its two
/// objectives holds what the objectives make non-dominated. Minimising both clean error and clean accuracy, which sum
/// to one, every configuration is on the front.
/// </summary>
[Trait("Category", "Integration")]
public sealed class MultiObjectiveSweepTests
{
    [Fact]
    public async Task AnNsgaIISweepRunsItsGenerationsAndItsTrialsFormTheFront()
    {
        const string spec = """
            name: nsga-sim
            dataset: fashion-mnist
            method: nsga2
            metric:
              - {name: clean/error, goal: minimize}
              - {name: clean/accuracy, goal: minimize}
            run_cap: 6
            sampler: {seed: 4, population_size: 2}
            parameters:
              learning_rate: {distribution: uniform, min: 0.05, max: 0.45}
              epochs: {value: 1}
            parallel_trials: 2
            """;
        await using var grid = await GridCluster.StartAsync(1, () => new SimulatedExecutor(20), slotsPerSilo: 2);
        var launch = await grid.Client.GetGrain<ISweepRegistryGrain>(0).Launch(spec, null);
        Assert.True(launch.Ok, string.Join("\n", launch.Errors));
        var summary = await grid.WaitForSweep(launch.SweepId!, TimeSpan.FromSeconds(60));
        Assert.Equal(SweepState.Completed, summary.State);
        Assert.Equal(6, summary.Counts.GetValueOrDefault(TrialState.Completed));
        Assert.Equal(MetricNames.CleanError, summary.Metric);

        var front = await grid.Client.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For("fashion-mnist", "clean"))
            .QueryPareto(new ParetoQuery([MetricNames.CleanError, MetricNames.CleanAccuracy], [true, true],
                SweepId: launch.SweepId));
        var configurations = (await grid.Client.GetGrain<ISweepGrain>(launch.SweepId!).GetTrials())
            .Select(t => t.Parameters["learning_rate"]).Distinct().Count();
        Assert.Equal(configurations, front.Configurations);
        Assert.Equal(configurations, front.Rows.Length);
    }
}
