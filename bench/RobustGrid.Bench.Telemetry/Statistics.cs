namespace RobustGrid.Bench.Telemetry;

/// <summary>Summary of a handful of paired differences: min, median, max and a Student-t 95 % interval of the
/// mean.</summary>
internal sealed record Summary(double Min, double Median, double Max, double Mean, double HalfWidth)
{
    // Two-sided 97.5 % quantiles of Student's t for 1..10 degrees of freedom.
    private static readonly double[] T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];

    public static Summary Of(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var n = sorted.Length;
        var median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        var mean = sorted.Average();
        var halfWidth = double.NaN;
        if (n >= 2)
        {
            var sd = Math.Sqrt(sorted.Sum(v => (v - mean) * (v - mean)) / (n - 1));
            halfWidth = (n - 1 <= T975.Length ? T975[n - 2] : 1.96) * sd / Math.Sqrt(n);
        }
        return new Summary(sorted[0], median, sorted[^1], mean, halfWidth);
    }
}
