using RobustGrid.Grid.Grains.Storage;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// The writer serialises and coalesces a reentrant grain's state writes. The tests run every call on one exclusive
/// scheduler, as a grain's turns run, and hold writes open with gates to place calls while a write is in flight.
/// </summary>
public sealed class CoalescingWriterTests
{
    /// <summary>This test's "activation": its calls and their continuations run one at a time, as a grain's turns
    /// do.</summary>
    private readonly TaskScheduler _grain = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;

    /// <summary>Runs <paramref name="body"/> and its continuations one at a time, like an Orleans activation.</summary>
    internal static Task OnGrainScheduler(Func<Task> body) =>
        On(new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler, body);

    private static Task On(TaskScheduler scheduler, Func<Task> body) =>
        Task.Factory.StartNew(body, CancellationToken.None, TaskCreationOptions.None, scheduler).Unwrap();

    private Task OnGrain(Func<Task> body) => On(_grain, body);

    /// <summary>A write function whose every call waits for the test to release it and records what it saw.</summary>
    private sealed class GatedWrite
    {
        private readonly List<TaskCompletionSource> _gates = [];

        public int Calls => _gates.Count;

        /// <summary>The grain's "state" at the start of each write: what that write persists.</summary>
        public List<int> Persisted { get; } = [];

        public int State { get; set; }

        public Exception? FailNext { get; set; }

        public async Task Write()
        {
            Persisted.Add(State);
            var gate = new TaskCompletionSource();
            _gates.Add(gate);
            await gate.Task;
            if (FailNext is { } e)
            {
                FailNext = null;
                throw e;
            }
        }

        public void Release(int call) => _gates[call].SetResult();
    }

    /// <summary>
    /// Lets the test's grain scheduler run every continuation that is ready, and those that they make ready: each round
    /// queues behind everything queued so far, and the continuation chains here are a few links long.
    /// </summary>
    private async Task Settle()
    {
        for (var round = 0; round < 10; round++) await OnGrain(() => Task.CompletedTask);
    }

    [Fact]
    public async Task FlushWritesOnceAndReturnsAfterTheWrite()
    {
        var writes = 0;
        var writer = new CoalescingWriter(() => { writes++; return Task.CompletedTask; });
        Assert.False(writer.Dirty);
        await writer.FlushAsync();
        Assert.Equal(1, writes);
        Assert.False(writer.Dirty);
        await writer.FlushAsync();
        Assert.Equal(2, writes); // each flush after the previous one finished needs its own write
    }

    [Fact]
    public async Task MarkDirtyDefersTheWriteToTheNextFlush()
    {
        var writes = 0;
        var writer = new CoalescingWriter(() => { writes++; return Task.CompletedTask; });
        writer.MarkDirty();
        writer.MarkDirty();
        Assert.True(writer.Dirty);
        Assert.Equal(0, writes);
        await writer.FlushAsync();
        Assert.Equal(1, writes);
        Assert.False(writer.Dirty);
    }

    [Fact]
    public async Task CallsDuringAWriteShareTheNextWriteAndWaitForIt()
    {
        var write = new GatedWrite();
        var writer = new CoalescingWriter(write.Write);
        Task first = null!;
        var waiting = new List<Task>();
        await OnGrain(async () =>
        {
            write.State = 1;
            first = writer.FlushAsync();
            await Task.Yield();
            // Five changes while write #0 is in flight: it persisted state 1, so none of them may return with it.
            for (var s = 2; s <= 6; s++)
            {
                write.State = s;
                waiting.Add(writer.FlushAsync());
            }
        });
        Assert.Equal(1, write.Calls);

        write.Release(0);
        await first;
        await Settle();
        Assert.All(waiting, t => Assert.False(t.IsCompleted, "returned before a write that started after the call"));
        Assert.True(writer.Dirty);
        // All five waiters share one write, which sees the last change.
        Assert.Equal(2, write.Calls);
        Assert.Equal([1, 6], write.Persisted);

        write.Release(1);
        await Task.WhenAll(waiting);
        await Settle();
        Assert.Equal(2, write.Calls);
        Assert.False(writer.Dirty);
    }

    [Fact]
    public async Task WritesNeverOverlap()
    {
        var inFlight = 0;
        var maxInFlight = 0;
        var writer = new CoalescingWriter(async () =>
        {
            maxInFlight = Math.Max(maxInFlight, ++inFlight);
            // The write stays in flight while the calls queued behind it run.
            await Task.Yield();
            inFlight--;
        });
        await OnGrain(async () =>
        {
            var calls = new List<Task>();
            for (var i = 0; i < 20; i++)
            {
                calls.Add(writer.FlushAsync());
                if (i % 3 == 0) await Task.Yield();
            }
            await Task.WhenAll(calls);
        });
        // Storage providers use ETags: two overlapping writes of one record would conflict.
        Assert.Equal(1, maxInFlight);
        Assert.False(writer.Dirty);
    }

    [Fact]
    public async Task AFailedWritePropagatesToItsWaitersAndTheNextFlushRetries()
    {
        var write = new GatedWrite { FailNext = new InvalidOperationException("disk full") };
        var writer = new CoalescingWriter(write.Write);
        Task first = null!;
        Task second = null!;
        await OnGrain(async () =>
        {
            first = writer.FlushAsync();
            await Task.Yield();
            second = writer.FlushAsync();
        });
        write.Release(0);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => first);
        Assert.Equal("disk full", e.Message);
        // The second caller was waiting on the same failed write; it must not report success it never got.
        await Assert.ThrowsAsync<InvalidOperationException>(() => second);
        Assert.True(writer.Dirty);

        Task retry = null!;
        await OnGrain(() => { retry = writer.FlushAsync(); return Task.CompletedTask; });
        Assert.Equal(2, write.Calls); // the failed write is not left as the running one
        write.Release(1);
        await retry;
        Assert.False(writer.Dirty);
    }
}
