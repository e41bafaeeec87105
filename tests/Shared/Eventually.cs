using System.Diagnostics;

namespace RobustGrid.Tests.Shared;

/// <summary>
/// Waits for observable state instead of for a fixed time: reads until a condition holds, and fails with what it saw
/// last once the deadline has passed. The short pause between reads only bounds how late a change is noticed; the
/// deadline is what a slow machine may need, and a passing test never waits for it.
/// </summary>
internal static class Eventually
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);

    /// <summary>The first value <paramref name="read"/> returns that <paramref name="done"/> accepts.</summary>
    /// <exception cref="TimeoutException">None did within <paramref name="timeout"/>; the message names
    /// <paramref name="what"/> and the last value read.</exception>
    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"{what}: not within {timeout}; last seen: {value}");
            await Task.Delay(Pause);
        }
    }

    /// <summary>Returns once <paramref name="done"/> holds.</summary>
    public static Task Until(Func<bool> done, TimeSpan timeout, string what) =>
        Until(() => Task.FromResult(done()), d => d, timeout, what);

    /// <summary>Returns once <paramref name="done"/> completes with true.</summary>
    public static Task Until(Func<Task<bool>> done, TimeSpan timeout, string what) =>
        Until(done, d => d, timeout, what);
}
