using RobustGrid.Grid.Contracts;

namespace RobustGrid.Grid.Tests;

[Trait("Category", "Integration")]
public sealed class ClusterSweepTests
{
    private const string Spec = """
        name: sim-grid
        dataset: fashion-mnist
        method: grid
        metric: {name: clean/error, goal: minimize}
        parameters:
          method: {values: [erm, augmix]}
          learning_rate: {values: [0.1, 0.2, 0.3]}
          epochs: {value: 3}
        seeds: [0, 1]
        parallel_trials: 3
        max_failures: 2
        """;

    [Fact]
    public async Task SweepCompletesAndFillsLeaderboardAndTheSameSpecResumesItOnlyWhileItRuns()
    {
        await using var grid = await GridCluster.StartAsync(3, () => new SimulatedExecutor(100));
        var registry = grid.Client.GetGrain<ISweepRegistryGrain>(0);
        var launch = await registry.Launch(Spec, "sim");
        Assert.True(launch.Ok, string.Join("\n", launch.Errors));
        Assert.False(launch.Resumed);
        var sweepId = launch.SweepId!;

        // Launched again while it runs (what rerunning 'robustgrid sweep run SPEC' does), the spec resumes that sweep.
        var relaunch = await registry.Launch(Spec, "sim");
        Assert.True(relaunch.Ok, string.Join("\n", relaunch.Errors));
        Assert.True(relaunch.Resumed, "relaunching a running sweep's spec did not resume it");
        Assert.Equal(sweepId, relaunch.SweepId);
        Assert.Equal([sweepId], (await registry.List()).Select(s => s.SweepId));

        var summary = await grid.WaitForSweep(sweepId, TimeSpan.FromSeconds(60));
        Assert.Equal(SweepState.Completed, summary.State);
        Assert.Equal(12, summary.DefinedTrials);
        Assert.Equal(12, summary.Counts[TrialState.Completed]);
        // Two launches, one sweep: every trial trained once.
        var completed = SimulatedExecutor.Runs.Where(r => r.TrialId.StartsWith(sweepId, StringComparison.Ordinal) && r.Outcome == "completed")
            .GroupBy(r => r.TrialId).ToList();
        Assert.Equal(12, completed.Count);
        Assert.All(completed, g => Assert.Single(g));

        var board = grid.Client.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For("fashion-mnist", "clean"));
        var grouped = await board.Query(new LeaderboardQuery(MetricNames.CleanError, Top: 100, SweepId: sweepId));
        Assert.Equal(6, grouped.Rows.Length); // 2 methods x 3 learning rates, seeds grouped
        Assert.All(grouped.Rows, r => Assert.Equal(2, r.Seeds.Length));
        Assert.True(grouped.Rows[0].Mean <= grouped.Rows[^1].Mean);
        var single = await board.Query(new LeaderboardQuery(MetricNames.CleanError, Top: 100, SweepId: sweepId, GroupSeeds: false, Method: "erm"));
        Assert.Equal(6, single.Rows.Length);

        // Once the registry has it as completed, the same spec starts a new sweep, which runs every trial again.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(await registry.List()).Any(s => s.SweepId == sweepId && s.State == SweepState.Completed))
        {
            Assert.True(DateTime.UtcNow < deadline, "the registry never listed the sweep as completed");
            await Task.Delay(100);
        }
        var after = await registry.Launch(Spec, "sim");
        Assert.True(after.Ok, string.Join("\n", after.Errors));
        Assert.False(after.Resumed, "the spec of a completed sweep resumed it instead of starting a new one");
        Assert.NotEqual(sweepId, after.SweepId);
        var second = await grid.WaitForSweep(after.SweepId!, TimeSpan.FromSeconds(60));
        Assert.Equal(12, second.Counts.GetValueOrDefault(TrialState.Completed));
        Assert.Equal(new[] { sweepId, after.SweepId! }.Order(), (await registry.List()).Select(s => s.SweepId).Order());
    }

    [Fact]
    public async Task StoppedSiloMidSweepLosesNothingAndResumesFromCheckpoints()
    {
        await using var grid = await GridCluster.StartAsync(3, () => new SimulatedExecutor(400));
        var spec = Spec.Replace("name: sim-grid", "name: sim-failover").Replace("epochs: {value: 3}", "epochs: {value: 6}");
        var launch = await grid.Client.GetGrain<ISweepRegistryGrain>(0).Launch(spec, "sim");
        Assert.True(launch.Ok, string.Join("\n", launch.Errors));
        var sweepId = launch.SweepId!;

        // Wait until all three slots train and have checkpointed at least one epoch, then stop a silo that runs a trial.
        var scheduler = grid.Client.GetGrain<ISlotSchedulerGrain>(0);
        SlotInfo victimSlot;
        while (true)
        {
            var status = await scheduler.GetStatus();
            var busy = status.Slots.Where(s => s.CurrentTrial is not null).ToList();
            var primary = grid.Cluster.Silos[0].SiloAddress.ToParsableString();
            var candidate = busy.FirstOrDefault(s => s.Silo != primary);
            if (candidate is not null)
            {
                var exp = await grid.Client.GetGrain<IExperimentGrain>(candidate.CurrentTrial!).GetStatus();
                if (exp.EpochsCompleted >= 2) { victimSlot = candidate; break; }
            }
            await Task.Delay(100);
        }
        var victimTrial = victimSlot.CurrentTrial!;
        var silo = grid.Cluster.Silos.First(s => s.SiloAddress.ToParsableString() == victimSlot.Silo);
        await grid.Cluster.StopSiloAsync(silo);

        var summary = await grid.WaitForSweep(sweepId, TimeSpan.FromSeconds(120));
        Assert.Equal(SweepState.Completed, summary.State);
        Assert.Equal(12, summary.Counts.GetValueOrDefault(TrialState.Completed));

        var runs = SimulatedExecutor.Runs.Where(r => r.TrialId.StartsWith(sweepId, StringComparison.Ordinal)).ToList();
        // Every trial completed exactly once: none twice, none lost.
        var completed = runs.Where(r => r.Outcome == "completed").GroupBy(r => r.TrialId).ToList();
        Assert.Equal(12, completed.Count);
        Assert.All(completed, g => Assert.Single(g));
        // The trial on the stopped silo was retried and resumed from its checkpoint, not from scratch.
        var resumed = runs.Single(r => r.TrialId == victimTrial && r.Outcome == "completed");
        Assert.True(resumed.Attempt >= 2, $"attempt {resumed.Attempt}");
        Assert.True(resumed.StartEpoch >= 2, $"resumed from epoch {resumed.StartEpoch}");
        var status2 = await grid.Client.GetGrain<IExperimentGrain>(victimTrial).GetStatus();
        Assert.Equal(TrialState.Completed, status2.State);
        // A graceful stop interrupts the training and tells the trial: another attempt, but not a failure.
        // A few attempts at most: grants that the stopping silo refuses pause that slot instead of looping.
        Assert.InRange(status2.Attempts, 2, 5);
        Assert.Equal(0, status2.Failures);

        var board = await grid.Client.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For("fashion-mnist", "clean"))
            .Query(new LeaderboardQuery(Top: 100, SweepId: sweepId, GroupSeeds: false));
        Assert.Equal(12, board.Rows.Length);
    }

    [Fact]
    public async Task CancellationStopsRunningTrainersWithinSeconds()
    {
        await using var grid = await GridCluster.StartAsync(2, () => new SimulatedExecutor(200));
        var spec = Spec.Replace("name: sim-grid", "name: sim-cancel").Replace("epochs: {value: 3}", "epochs: {value: 1000}");
        var launch = await grid.Client.GetGrain<ISweepRegistryGrain>(0).Launch(spec, "sim");
        var sweep = grid.Client.GetGrain<ISweepGrain>(launch.SweepId!);
        while ((await grid.Client.GetGrain<ISlotSchedulerGrain>(0).GetStatus()).Slots.Count(s => s.CurrentTrial is not null) < 2)
            await Task.Delay(100);

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var summary = await sweep.Cancel();
        Assert.Equal(SweepState.Cancelled, summary.State);
        while (SimulatedExecutor.Running.Keys.Any(k => k.StartsWith(launch.SweepId!, StringComparison.Ordinal)))
        {
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), "trainers still running 5 s after cancel");
            await Task.Delay(50);
        }
        var status = await grid.Client.GetGrain<ISlotSchedulerGrain>(0).GetStatus();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (status.Slots.Any(s => s.CurrentTrial is not null) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            status = await grid.Client.GetGrain<ISlotSchedulerGrain>(0).GetStatus();
        }
        Assert.All(status.Slots, s => Assert.Null(s.CurrentTrial));
        var trials = await sweep.GetTrials();
        Assert.All(trials, t => Assert.Equal(TrialState.Cancelled, t.State));
        Assert.True(trials.Length <= 3); // parallel_trials: nothing beyond what was running had been launched
    }
}
