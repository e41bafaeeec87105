using System.Globalization;
using System.Runtime.InteropServices;

namespace RobustGrid.Bench.Telemetry;

/// <summary>
/// CPU time per thread of this process (Linux /proc, 10 ms ticks) and of the calling thread (clock_gettime). Telemetry
/// runs on other threads than the trainer's, so splitting process CPU this way shows its cost without the noise of
/// the much larger training time.
/// </summary>
internal static class ThreadCpu
{
    private const int ClockThreadCpuTime = 3;
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux x64

    public static double CurrentThreadSeconds()
    {
        if (clock_gettime(ClockThreadCpuTime, out var t) != 0)
            throw new InvalidOperationException("clock_gettime failed");
        return t.Seconds + t.Nanoseconds / 1e9;
    }

    /// <summary>CPU seconds by thread id, with each thread's name.</summary>
    public static Dictionary<int, (string Name, double Seconds)> Snapshot()
    {
        var result = new Dictionary<int, (string, double)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // "tid (name) state ..." — the name may hold spaces and parentheses: split at the last ')'.
                var close = stat.LastIndexOf(')');
                var name = stat[(stat.IndexOf('(') + 1)..close];
                var fields = stat[(close + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture)
                    + long.Parse(fields[12], CultureInfo.InvariantCulture);
                result[int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture)] = (name, ticks / TicksPerSecond);
            }
            catch (IOException)
            {
                // The thread ended between listing and reading.
            }
        }
        return result;
    }

    /// <summary>CPU seconds used between two snapshots, summed by thread name (threads that ended in between are
    /// lost).</summary>
    public static Dictionary<string, double> ByName(Dictionary<int, (string Name, double Seconds)> before,
        Dictionary<int, (string Name, double Seconds)> after) =>
        after.GroupBy(p => p.Value.Name)
            .ToDictionary(g => g.Key,
                g => g.Sum(p => p.Value.Seconds - (before.TryGetValue(p.Key, out var b) ? b.Seconds : 0)));

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int clock_gettime(int clock, out Timespec time);
}
