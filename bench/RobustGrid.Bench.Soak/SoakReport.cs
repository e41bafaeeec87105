using System.Globalization;
using System.Text;

namespace RobustGrid.Bench.Soak;

/// <summary>
/// A soak's result as a table row: resident memory at its peak in each quarter of the trials, and the growth from the
/// first quarter to the last, which is the number that says whether a long sweep runs in flat memory.
/// </summary>
internal static class SoakReport
{
    public const string Header =
        "| grid | allocator | trials (failed) | wall s | trials/s | peak resident MB per quarter of the trials | " +
        "growth Q1→Q4 | mean resident MB per quarter | growth of the mean Q1→Q4 | " +
        "native allocated / retained MB, last quarter |\n|---|---|---|---|---|---|---|---|---|---|";

    public static string Row(SoakRun run, string allocator)
    {
        var quarters = Enumerable.Range(0, 4).Select(q => Quarter(run, q)).ToList();
        var peaks = quarters.Select(q => q.Count > 0 ? q.Max(s => s.ResidentBytes) : 0).ToList();
        var means = quarters.Select(q => q.Count > 0 ? (long)q.Average(s => s.ResidentBytes) : 0).ToList();
        var last = quarters[3];
        var native = last.Any(s => s.AllocatedBytes is not null)
            ? $"{Mb(last.Where(s => s.AllocatedBytes is not null).Max(s => s.AllocatedBytes!.Value))} / " +
                $"{Mb(last.Where(s => s.RetainedBytes is not null).Max(s => s.RetainedBytes!.Value))}"
            : "—";
        var perSecond = run.Trials / run.WallSeconds;
        return string.Create(CultureInfo.InvariantCulture,
            $"| {run.Grid} | {allocator} | {run.Trials} ({run.Failed}) | {run.WallSeconds:F0} | {perSecond:F3} | " +
            $"{string.Join(" / ", peaks.Select(Mb))} | {Growth(peaks)} | " +
            $"{string.Join(" / ", means.Select(Mb))} | {Growth(means)} | {native} |");
    }

    /// <summary>Samples taken while the trials of quarter <paramref name="quarter"/> (0-3) were running.</summary>
    private static List<MemorySample> Quarter(SoakRun run, int quarter)
    {
        var from = run.Trials * quarter / 4;
        var to = run.Trials * (quarter + 1) / 4;
        return [.. run.Samples.Where(s => s.Completed >= from && (s.Completed < to || quarter == 3))];
    }

    public static string Csv(SoakRun run)
    {
        var text = new StringBuilder("seconds,completed,resident_bytes,allocated_bytes,retained_bytes\n");
        foreach (var s in run.Samples)
            text.Append(CultureInfo.InvariantCulture,
                $"{s.Seconds:F1},{s.Completed},{s.ResidentBytes},{s.AllocatedBytes},{s.RetainedBytes}\n");
        return text.ToString();
    }

    private static string Growth(List<long> quarters) => quarters[0] > 0 && quarters[3] > 0
        ? string.Create(CultureInfo.InvariantCulture,
            $"{100.0 * (quarters[3] - quarters[0]) / quarters[0]:+0.0;-0.0} %")
        : "—";

    private static string Mb(long bytes) => (bytes / 1e6).ToString("F0", CultureInfo.InvariantCulture);
}
