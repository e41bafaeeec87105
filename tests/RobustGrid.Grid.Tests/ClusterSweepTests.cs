using RobustGrid.Grid.Contracts;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

[Trait("Category", "Integration")]
public sealed class ClusterSweepTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

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
        var completed = SimulatedExecutor.Runs.Where(r => r.TrialId.StartsWith(sweepId, StringComparison.Ordinal)
            && r.Outcome == "completed")
            .GroupBy(r => r.TrialId).ToList();
        Assert.Equal(12, completed.Count);
        Assert.All(completed, g => Assert.Single(g));

        var board = grid.Client.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For("fashion-mnist", "clean"));
        var grouped = await board.Query(new LeaderboardQuery(MetricNames.CleanError, Top: 100, SweepId: sweepId));
        Assert.Equal(6, grouped.Rows.Length); // 2 methods x 3 learning rates, seeds grouped
        Assert.All(grouped.Rows, r => Assert.Equal(2, r.Seeds.Length));
        Assert.True(grouped.Rows[0].Mean <= grouped.Rows[^1].Mean);
        var single = await board.Query(
            new LeaderboardQuery(MetricNames.CleanError, Top: 100, SweepId: sweepId, GroupSeeds: false, Method: "erm"));
        Assert.Equal(6, single.Rows.Length);

        // Once the registry has it as completed, the same spec starts a new sweep, which runs every trial again.
        await Eventually.Until(registry.List,
            all => all.Any(s => s.SweepId == sweepId && s.State == SweepState.Completed), Patience,
            "the registry listing the sweep as completed");
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
        var spec = Spec.Replace("name: sim-grid", "name: sim-failover")
            .Replace("epochs: {value: 3}", "epochs: {value: 6}");
        var launch = await grid.Client.GetGrain<ISweepRegistryGrain>(0).Launch(spec, "sim");
        Assert.True(launch.Ok, string.Join("\n", launch.Errors));
        var sweepId = launch.SweepId!;

        // Wait until all three slots train and have checkpointed at least one epoch, then stop a silo that runs a
        // trial.
        var scheduler = grid.Client.GetGrain<ISlotSchedulerGrain>(0);
        var primary = grid.Cluster.Silos[0].SiloAddress.ToParsableString();
        async Task<SlotInfo?> CheckpointedOffThePrimary()
        {
            var status = await scheduler.GetStatus();
            foreach (var slot in status.Slots.Where(s => s.CurrentTrial is not null && s.Silo != primary))
            {
                var trial = await grid.Client.GetGrain<IExperimentGrain>(slot.CurrentTrial!).GetStatus();
                if (trial.EpochsCompleted >= 2) return slot;
            }
            return null;
        }
        var victimSlot = (await Eventually.Until(CheckpointedOffThePrimary, s => s is not null, Patience,
            "a trial off the primary silo with two epochs checkpointed"))!;
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
    public async Task CancellationStopsRunningTrainers()
    {
        await using var grid = await GridCluster.StartAsync(2, () => new SimulatedExecutor(200));
        var spec = Spec.Replace("name: sim-grid", "name: sim-cancel")
            .Replace("epochs: {value: 3}", "epochs: {value: 1000}");
        var launch = await grid.Client.GetGrain<ISweepRegistryGrain>(0).Launch(spec, "sim");
        var sweep = grid.Client.GetGrain<ISweepGrain>(launch.SweepId!);
        var scheduler = grid.Client.GetGrain<ISlotSchedulerGrain>(0);
        await Eventually.Until(scheduler.GetStatus, s => s.Slots.Count(slot => slot.CurrentTrial is not null) == 2,
            Patience, "both slots training");

        var summary = await sweep.Cancel();
        Assert.Equal(SweepState.Cancelled, summary.State);
        bool OfThisSweep(string trial) => trial.StartsWith(launch.SweepId!, StringComparison.Ordinal);
        await Eventually.Until(() => !SimulatedExecutor.Running.Keys.Any(OfThisSweep), Patience,
            "the trainers stopping");
        // A thousand epochs take minutes: every run ended because it was cancelled, none because it finished.
        var runs = SimulatedExecutor.Runs.Where(r => OfThisSweep(r.TrialId)).ToList();
        Assert.NotEmpty(runs);
        Assert.All(runs, r => Assert.Equal("cancelled", r.Outcome));
        await Eventually.Until(scheduler.GetStatus, s => s.Slots.All(slot => slot.CurrentTrial is null), Patience,
            "every slot free");
        var trials = await sweep.GetTrials();
        Assert.All(trials, t => Assert.Equal(TrialState.Cancelled, t.State));
        Assert.True(trials.Length <= 3); // parallel_trials: nothing beyond what was running had been launched
    }
}
