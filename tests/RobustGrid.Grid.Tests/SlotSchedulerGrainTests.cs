using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Grains;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// The slot scheduler grants each free slot to the oldest waiting trial that the slot's device suits, queues the rest,
/// passes a released slot on, drops the slots of a silo that leaves, and skips a slot that refused a grant until a
/// pause has passed on the grid's clock. Trials run on an in-process cluster with a trainer that holds each run until
/// the test ends it.
/// </summary>
public sealed class SlotSchedulerGrainTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static TrialSpec Spec(string sweep, int index, string device = "cpu") =>
        new(sweep, new TrialId(sweep, index).ToString(), index, "cifar10", "small-cnn", "erm", 0, 1, [], $"c{index}",
            [], "test_accuracy", device, 0, EvaluationSpec.Clean);

    private static async Task<string> Start(GridCluster grid, TrialSpec spec)
    {
        await grid.Client.GetGrain<IExperimentGrain>(spec.TrialId).Start(spec);
        return spec.TrialId;
    }

    private static Task<SchedulerStatus> Status(GridCluster grid) =>
        grid.Client.GetGrain<ISlotSchedulerGrain>(0).GetStatus();

    /// <summary>The trials on the slots, in no particular order.</summary>
    private static string[] Running(SchedulerStatus status) =>
        [.. status.Slots.Select(s => s.CurrentTrial).OfType<string>().Order(StringComparer.Ordinal)];

    private static Task<SchedulerStatus> StatusWhen(GridCluster grid, Func<SchedulerStatus, bool> done, string what) =>
        Eventually.Until(() => Status(grid), done, Patience, what);

    private static Task StartedRuns(HeldExecutor executor, int count) =>
        Eventually.Until(() => executor.Started.Length >= count, Patience, $"{count} runs started");

    [Fact]
    public async Task GrantsUpToTheSlotsQueuesTheRestInOrderAndPassesAFreedSlotToTheOldestWaiter()
    {
        var executor = new HeldExecutor();
        await using var grid = await GridCluster.StartAsync(1, _ => executor, slotsPerSilo: 2);
        var scheduler = grid.Client.GetGrain<ISlotSchedulerGrain>(0);
        var trials = new List<string>();
        for (var i = 0; i < 4; i++) trials.Add(await Start(grid, Spec("fifo", i)));

        await StartedRuns(executor, 2);
        var status = await Status(grid);
        Assert.Equal(2, status.Slots.Length);
        Assert.Equal(trials[..2], Running(status));
        Assert.Equal(2, status.Waiting);
        // Asking again is not queueing again, whether the trial waits or runs.
        await scheduler.Request(trials[2], "cpu");
        await scheduler.Request(trials[0], "cpu");
        Assert.Equal(2, (await Status(grid)).Waiting);

        executor.Release(trials[0]);
        await StartedRuns(executor, 3);
        Assert.Equal(trials[2], executor.Started[2]);
        status = await StatusWhen(grid, s => s.Waiting == 1 && Running(s).SequenceEqual([trials[1], trials[2]]),
            "the slot of #0 to #2");

        executor.Release(trials[1]);
        await StartedRuns(executor, 4);
        Assert.Equal(trials[3], executor.Started[3]);
        executor.Release(trials[2]);
        executor.Release(trials[3]);
        await StatusWhen(grid, s => s.Waiting == 0 && Running(s).Length == 0, "every slot free");
        // The first two start together on two slot threads, so only the grants after them have an order.
        Assert.Equal(trials[..2].Order(), executor.Started.Take(2).Order());
        Assert.Equal(trials[2..], executor.Started.Skip(2));
    }

    [Fact]
    public async Task AWaiterForAnotherDeviceDoesNotHoldUpTheQueueAndAWithdrawnTrialGetsNoSlot()
    {
        var executor = new HeldExecutor();
        await using var grid = await GridCluster.StartAsync(1, _ => executor, slotsPerSilo: 1);
        var running = await Start(grid, Spec("device", 0));
        await StartedRuns(executor, 1);
        var wantsCuda = await Start(grid, Spec("device", 1, "cuda"));
        var withdrawn = await Start(grid, Spec("device", 2));
        var anyDevice = await Start(grid, Spec("device", 3, "auto"));
        Assert.Equal(3, (await Status(grid)).Waiting);
        await grid.Client.GetGrain<IExperimentGrain>(withdrawn).Cancel();
        Assert.Equal(2, (await Status(grid)).Waiting);

        executor.Release(running);
        await StartedRuns(executor, 2);
        Assert.Equal(anyDevice, executor.Started[1]);
        var status = await StatusWhen(grid, s => Running(s).SequenceEqual([anyDevice]),
            "the cpu slot to the 'auto' trial");
        Assert.Equal("cpu", Assert.Single(status.Slots).Device);
        Assert.Equal(1, status.Waiting); // the cuda trial waits for a cuda slot
        Assert.DoesNotContain(wantsCuda, executor.Started);
        executor.Release(anyDevice);
    }

    [Fact]
    public async Task TheSlotsOfASiloThatLeavesVanishAndItsInterruptedTrialResumesOnASlotThatIsLeft()
    {
        var executor = new HeldExecutor();
        await using var grid = await GridCluster.StartAsync(2, _ => executor, slotsPerSilo: 1);
        var status = await StatusWhen(grid, s => s.Slots.Length == 2, "both silos' slots");
        Assert.Equal(2, status.Slots.Select(s => s.Silo).Distinct().Count());
        var first = await Start(grid, Spec("leave", 0));
        var second = await Start(grid, Spec("leave", 1));
        await StartedRuns(executor, 2);

        var leaving = grid.Cluster.Silos[1];
        var leavingAddress = leaving.SiloAddress.ToParsableString();
        status = await Status(grid);
        var victim = status.Slots.Single(s => s.Silo == leavingAddress).CurrentTrial!;
        var survivor = victim == first ? second : first;
        await grid.Cluster.StopSiloAsync(leaving);

        status = await StatusWhen(grid, s => s.Slots.All(slot => slot.Silo != leavingAddress),
            "the stopped silo's slot gone");
        Assert.Single(status.Slots);
        Assert.Equal([survivor], Running(status));
        var experiment = grid.Client.GetGrain<IExperimentGrain>(victim);
        var interrupted = await experiment.GetStatus();
        Assert.Equal((TrialState.Pending, 0), (interrupted.State, interrupted.Failures));

        // The trial asks for a slot again when checked (the sweep's watchdog does that) and gets the one left.
        await experiment.Check();
        executor.Release(survivor);
        await StartedRuns(executor, 3);
        Assert.Equal(victim, executor.Started[2]);
        Assert.Equal(2, (await experiment.GetStatus()).Attempts);
        executor.Release(victim);
    }

    [Fact]
    public async Task ASlotThatRefusedAGrantIsSkippedUntilThePauseHasPassedOnTheGridClock()
    {
        var clock = new TestClock();
        var executor = new HeldExecutor();
        await using var grid = await GridCluster.StartAsync(1, _ => executor, slotsPerSilo: 1, clock: clock);
        var scheduler = grid.Client.GetGrain<ISlotSchedulerGrain>(0);
        // A trial the grid does not know refuses the slot it is granted.
        var unknown = new TrialId("ghost", 0).ToString();
        await scheduler.Request(unknown, "cpu");
        await StatusWhen(grid, s => Running(s).Length == 0 && s.Waiting == 0, "the refused slot free again");

        var trial = await Start(grid, Spec("pause", 0));
        clock.Advance(SlotSchedulerGrain.RefusalPause - TimeSpan.FromTicks(1));
        await scheduler.Request(trial, "cpu"); // dispatches now, as the scheduler's tick would
        var status = await Status(grid);
        Assert.Equal((0, 1), (Running(status).Length, status.Waiting));
        Assert.Empty(executor.Started);

        clock.Advance(TimeSpan.FromTicks(1));
        await StartedRuns(executor, 1);
        Assert.Equal([trial], executor.Started);
        executor.Release(trial);
    }
}
