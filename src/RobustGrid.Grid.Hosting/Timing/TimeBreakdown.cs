using System.Globalization;

namespace RobustGrid.Grid.Hosting.Timing;

/// <summary>
/// A stretch of wall time cut into parts that add up to it: <see cref="Compute"/> while any slot trained an epoch,
/// <see cref="Evaluation"/> while an evaluation (and no epoch) ran, and overhead for the rest, itself split into
/// <see cref="StartUp"/> (before the first work: process, grid and dataset start), <see cref="TrialSetUp"/> (a trial
/// run outside its epochs: dataset load, model, checkpoints) and <see cref="Between"/> (no worker busy: grain calls,
/// state writes, waiting slots). Fractions of <see cref="Wall"/>.
/// </summary>
public sealed record TimeBreakdown(TimeSpan Wall, double Compute, double Evaluation, double StartUp,
    double TrialSetUp, double Between)
{
    public double Overhead => StartUp + TrialSetUp + Between;

    public static TimeBreakdown Of(IEnumerable<WorkInterval> intervals, DateTimeOffset start, DateTimeOffset end)
    {
        var wall = end - start;
        if (wall <= TimeSpan.Zero) return new TimeBreakdown(TimeSpan.Zero, 0, 0, 0, 0, 0);
        // A sweep line over the interval ends: between two consecutive ends the set of running kinds is fixed.
        var events = intervals
            .Select(i => (Start: Clamp(i.Start, start, end), End: Clamp(i.End, start, end), i.Kind))
            .Where(i => i.End > i.Start)
            .SelectMany(i => new[] { (At: i.Start, i.Kind, Delta: 1), (At: i.End, i.Kind, Delta: -1) })
            .OrderBy(e => e.At)
            .ToList();
        var running = new int[Enum.GetValues<WorkKind>().Length];
        var ticks = new long[5]; // compute, evaluation, start-up, trial set-up, between
        var at = start;
        var started = false;
        foreach (var e in events.Append((At: end, Kind: WorkKind.TrialRun, Delta: 0)))
        {
            var part = running[(int)WorkKind.Epoch] > 0 ? 0
                : running[(int)WorkKind.Evaluation] > 0 ? 1
                : !started ? 2
                : running[(int)WorkKind.TrialRun] > 0 ? 3 : 4;
            ticks[part] += (e.At - at).Ticks;
            at = e.At;
            running[(int)e.Kind] += e.Delta;
            started |= e.Delta > 0;
        }
        double Share(int part) => (double)ticks[part] / wall.Ticks;
        return new TimeBreakdown(wall, Share(0), Share(1), Share(2), Share(3), Share(4));
    }

    private static DateTimeOffset Clamp(DateTimeOffset t, DateTimeOffset low, DateTimeOffset high) =>
        t < low ? low : t > high ? high : t;

    /// <summary>One line: "compute 61 %, evaluation 22 %, overhead 17 % of 2 min 53 s (start-up 5 %, ...)".</summary>
    public override string ToString()
    {
        static string P(double share) => (100 * share).ToString("F0", CultureInfo.InvariantCulture) + " %";
        var wall = Wall.TotalMinutes >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)Wall.TotalMinutes} min {Wall.Seconds} s")
            : string.Create(CultureInfo.InvariantCulture, $"{Wall.TotalSeconds:F1} s");
        return $"compute {P(Compute)}, evaluation {P(Evaluation)}, overhead {P(Overhead)} of {wall} " +
            $"(start-up {P(StartUp)}, trial set-up {P(TrialSetUp)}, grid and idle {P(Between)})";
    }
}
