using Microsoft.Extensions.DependencyInjection;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// A BOHB sweep with Hyperband brackets, stopped mid-sweep on the embedded grid and launched again, finishes with every
/// trial once: no index lost or run twice, the configurations drawn before the stop kept, completed trials not
/// retrained.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HyperbandRestartTests
{
    private const int Trials = 8;

    private const string Spec = """
        name: sim-hyperband-restart
        dataset: fashion-mnist
        method: bohb
        run_cap: 8
        sampler: {seed: 5, n_startup_trials: 2}
        parameters:
          learning_rate: {distribution: uniform, min: 0.05, max: 0.45}
          epochs: {value: 9}
        early_terminate: {type: hyperband, min_iter: 1, eta: 3}
        parallel_trials: 2
        max_failures: 3
        """;

    private static GridSiloOptions Silo => EmbeddedGrids.QuickSilo();

    private static readonly Action<IServiceCollection> Executors =
        EmbeddedGrids.Serving(() => new SimulatedExecutor(120));

    private static int Finished(SweepSummary s) =>
        s.Counts.Where(c => c.Key.IsTerminal()).Sum(c => c.Value);

    [Fact]
    public async Task StoppedMidSweepThenRelaunchedFinishesEveryTrialOnce()
    {
        var home = TestData.NewScratchFolder();
        string sweepId;
        Dictionary<int, Dictionary<string, string>> drawnBefore;
        await using (var first = await EmbeddedGrids.StartAsync(EmbeddedGrids.Host(home), Silo, Executors))
        {
            var launch = await first.Client.GetGrain<ISweepRegistryGrain>(0).Launch(Spec, "sim");
            Assert.True(launch.Ok, string.Join("\n", launch.Errors));
            sweepId = launch.SweepId!;
            var sweep = first.Client.GetGrain<ISweepGrain>(sweepId);
            var until = DateTime.UtcNow.AddSeconds(30);
            ExperimentStatus[] trials;
            while (true)
            {
                await Task.Delay(50);
                var summary = await sweep.GetSummary();
                Assert.True(DateTime.UtcNow < until && summary.State == SweepState.Running,
                    $"missed the moment to stop: {summary.State} " +
                    string.Join(",", summary.Counts.Select(c => $"{c.Key}={c.Value}")));
                trials = await sweep.GetTrials();
                if (Finished(summary) >= 2 && trials.Any(t => t.State == TrialState.Training && t.EpochsCompleted >= 1))
                    break;
            }
            drawnBefore = trials.ToDictionary(t => t.Index, t => t.Parameters);
        } // the process "dies" here with trials mid-training

        await using var second = await EmbeddedGrids.StartAsync(EmbeddedGrids.Host(home), Silo, Executors);
        var again = await second.Client.GetGrain<ISweepRegistryGrain>(0).Launch(Spec, "sim");
        Assert.True(again.Resumed);
        Assert.Equal(sweepId, again.SweepId);
        var resumed = second.Client.GetGrain<ISweepGrain>(sweepId);
        var final = await EmbeddedGrids.CompletedOrLast(resumed, TimeSpan.FromSeconds(60));
        Assert.Equal(SweepState.Completed, final.State);
        Assert.Equal(Trials, final.Launched);
        Assert.Equal(Trials, Finished(final));
        Assert.Equal(Trials, final.Counts.GetValueOrDefault(TrialState.Completed)
            + final.Counts.GetValueOrDefault(TrialState.StoppedEarly));

        var after = await resumed.GetTrials();
        Assert.Equal(Enumerable.Range(0, Trials), after.Select(t => t.Index).Order());
        foreach (var (index, parameters) in drawnBefore)
            Assert.Equal(parameters, after.Single(t => t.Index == index).Parameters);
        var runs = SimulatedExecutor.Runs.Where(r => r.TrialId.StartsWith(sweepId, StringComparison.Ordinal)).ToList();
        Assert.All(runs.Where(r => r.Outcome == "completed").GroupBy(r => r.TrialId), g => Assert.Single(g));
        try
        {
            Directory.Delete(home, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
