using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Grains;
using RobustGrid.Grid.Grains.Scheduling;
using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// Early-termination policies: ASHA stops trials below the top 1/eta of a rung, no early_terminate stops none, and a
/// policy restored from what it saved decides as the original does. A sweep runs the policy its spec names.
/// </summary>
public sealed class SchedulerTests
{
    private static readonly EarlyTerminationSpec Asha =
        new("asha", MinIter: 1, Eta: 3, MaxIter: 27, "test_accuracy", LowerIsBetter: false);

    [Fact]
    public void AshaStopsTrialsBelowTheTopFraction()
    {
        var asha = TrialSchedulers.For(Asha);
        Assert.IsType<AshaScheduler>(asha);
        Assert.Equal(RungDecision.Continue, asha.Decide(0, 1, 0.9)); // first at the rung always continues
        Assert.Equal(RungDecision.Stop, asha.Decide(1, 1, 0.5)); // below the 2/3 percentile of {0.9}
        Assert.Equal(RungDecision.Continue, asha.Decide(2, 1, 0.95));
        Assert.Equal(RungDecision.Continue, asha.Decide(0, 1, 0.1)); // a trial is judged once per rung
        Assert.Equal(RungDecision.Stop, asha.Decide(3, 1, double.NaN));
        Assert.Equal([1, 3, 9], Asha.Rungs());
    }

    [Fact]
    public void WithoutEarlyTerminationNoTrialIsStopped()
    {
        var none = TrialSchedulers.For(null);
        Assert.Equal(RungDecision.Continue, none.Decide(0, 1, 0.9));
        Assert.Equal(RungDecision.Continue, none.Decide(1, 1, 0.0));
        Assert.Equal(RungDecision.Continue, none.Decide(2, 1, double.NaN));
        Assert.Empty(none.Save());
    }

    [Fact]
    public void ARestoredPolicyDecidesAsTheOriginal()
    {
        var original = TrialSchedulers.For(Asha);
        double[] values = [0.5, 0.7, 0.6, 0.9, 0.55];
        for (var i = 0; i < values.Length; i++) original.Decide(i, 1, values[i]);
        var saved = original.Save();
        Assert.Equal(values, saved.Select(r => r.Value));

        var restored = TrialSchedulers.For(Asha);
        restored.Restore([.. saved.Select(r => new RungRecord { Index = r.Index, Rung = r.Rung, Value = r.Value })]);
        var fresh = TrialSchedulers.For(Asha);
        // 0.65 is in the top third of the five recorded values only if they are remembered: a fresh policy lets it on.
        Assert.Equal(RungDecision.Stop, original.Decide(5, 1, 0.65));
        Assert.Equal(RungDecision.Stop, restored.Decide(5, 1, 0.65));
        Assert.Equal(RungDecision.Continue, fresh.Decide(5, 1, 0.65));
        // already judged at this rung before the restart
        Assert.Equal(RungDecision.Continue, restored.Decide(1, 1, 0.0));
        Assert.Equal(values.Length + 2, restored.Save().Count);
    }

    [Theory]
    [Trait("Category", "Integration")]
    [InlineData(true, 3)]
    [InlineData(false, 0)]
    public async Task ASweepRunsThePolicyItsSpecNames(bool asha, int stopped)
    {
        // One trial at a time, so every trial meets the values of those before it: rung 1 (of 10 epochs) sees
        // learning rate 0.4 first, and the SimulatedExecutor scores lower rates lower. A stop reaches the trainer
        // asynchronously; the epochs after the rung leave it seconds to arrive on a loaded machine, and a late one
        // is met again at the next rung (2, 4, 8), where the trial still ranks below 0.4.
        var spec = $$"""
            name: scheduler-{{(asha ? "asha" : "none")}}
            dataset: fashion-mnist
            parameters:
              learning_rate: {values: [0.4, 0.1, 0.3, 0.05]}
              epochs: {value: 10}
            parallel_trials: 1
            {{(asha ? "early_terminate: {type: asha, min_iter: 1, eta: 2}" : "")}}
            """;
        await using var grid = await GridCluster.StartAsync(1, () => new SimulatedExecutor(300));
        var launch = await grid.Client.GetGrain<ISweepRegistryGrain>(0).Launch(spec, null);
        Assert.True(launch.Ok, string.Join("\n", launch.Errors));
        var summary = await grid.WaitForSweep(launch.SweepId!, TimeSpan.FromSeconds(90));
        Assert.Equal(SweepState.Completed, summary.State);
        Assert.Equal(stopped, summary.Counts.GetValueOrDefault(TrialState.StoppedEarly));
        Assert.Equal(4 - stopped, summary.Counts.GetValueOrDefault(TrialState.Completed));
    }
}
