namespace RobustGrid.Bench.Grid;

/// <summary>The machine's 1-minute load average: every number here depends on the share of the cores it
/// got.</summary>
internal static class LoadAverage
{
    public static string Read() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
