using Microsoft.Extensions.Time.Testing;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// A fake clock for the grid's timeouts that also counts the timers created on it. Code that waits on the clock
/// (Task.Delay, a CancellationTokenSource or PeriodicTimer on it) creates a timer for each wait, so a test can wait
/// until the code under test is waiting before it moves time, instead of sleeping and hoping.
/// </summary>
internal sealed class TestClock : FakeTimeProvider
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private int _timers;

    public int TimersCreated => Volatile.Read(ref _timers);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timers);
        return timer;
    }

    /// <summary>Returns once <paramref name="count"/> timers in all have been created on this clock.</summary>
    public Task WaitForTimers(int count) =>
        Eventually.Until(() => TimersCreated >= count, Patience, $"{count} timers on the test clock");
}
