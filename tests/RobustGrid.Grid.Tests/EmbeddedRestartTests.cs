using Microsoft.Extensions.DependencyInjection;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Hosting;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>The embedded grid (file state under a home folder) survives a stop mid-sweep and finishes on
/// restart.</summary>
[Trait("Category", "Integration")]
public sealed class EmbeddedRestartTests
{
    private const string Spec = """
        name: sim-restart
        dataset: fashion-mnist
        parameters:
          learning_rate: {values: [0.1, 0.2, 0.3]}
          epochs: {value: 4}
        seeds: 2
        parallel_trials: 2
        max_failures: 3
        """;

    private static GridSiloOptions Silo => EmbeddedGrids.QuickSilo();

    private static readonly Action<IServiceCollection> Executors =
        EmbeddedGrids.Serving(() => new SimulatedExecutor(300));

    [Fact]
    public async Task StoppedMidSweepThenRestartedFinishesWithNothingLost()
    {
        var home = TestData.NewScratchFolder();
        string sweepId;
        int completedBefore;
        await using (var first = await EmbeddedGrids.StartAsync(EmbeddedGrids.Host(home), Silo, Executors))
        {
            var launch = await first.Client.GetGrain<ISweepRegistryGrain>(0).Launch(Spec, "sim");
            Assert.True(launch.Ok, string.Join("\n", launch.Errors));
            sweepId = launch.SweepId!;
            var sweep = first.Client.GetGrain<ISweepGrain>(sweepId);
            SweepSummary summary;
            var until = DateTime.UtcNow.AddSeconds(30);
            do
            {
                await Task.Delay(50);
                summary = await sweep.GetSummary();
                Assert.True(DateTime.UtcNow < until && summary.State == SweepState.Running,
                    $"missed the moment to " +
                    $"stop: {summary.State} {string.Join(",", summary.Counts.Select(c => $"{c.Key}={c.Value}"))}");
            }
            while (summary.Counts.GetValueOrDefault(TrialState.Completed) < 1
                || !(await sweep.GetTrials()).Any(t => t.State == TrialState.Training && t.EpochsCompleted >= 1));
            completedBefore = summary.Counts[TrialState.Completed];
        } // the process "dies" here with trials mid-training

        await using var second = await EmbeddedGrids.StartAsync(EmbeddedGrids.Host(home), Silo, Executors);
        // Launching the same spec again resumes the unfinished sweep (what 'robustgrid sweep run SPEC' does).
        var again = await second.Client.GetGrain<ISweepRegistryGrain>(0).Launch(Spec, "sim");
        Assert.True(again.Resumed);
        Assert.Equal(sweepId, again.SweepId);
        var resumed = second.Client.GetGrain<ISweepGrain>(sweepId);
        var final = await EmbeddedGrids.CompletedOrLast(resumed, TimeSpan.FromSeconds(60));
        Assert.Equal(SweepState.Completed, final.State);
        Assert.Equal(6, final.Counts[TrialState.Completed]);
        Assert.True(completedBefore >= 1);

        var runs = SimulatedExecutor.Runs.Where(r => r.TrialId.StartsWith(sweepId, StringComparison.Ordinal)).ToList();
        var completed = runs.Where(r => r.Outcome == "completed").GroupBy(r => r.TrialId).ToList();
        Assert.Equal(6, completed.Count);
        Assert.All(completed, g => Assert.Single(g)); // results completed before the stop were not trained again
        Assert.Contains(runs, r => r.Outcome == "completed" && r.StartEpoch > 0); // an interrupted trial resumed
        var board = await second.Client.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For("fashion-mnist", "clean"))
            .Query(new LeaderboardQuery(Top: 100, SweepId: sweepId, GroupSeeds: false));
        Assert.Equal(6, board.Rows.Length);
        try
        {
            Directory.Delete(home, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
