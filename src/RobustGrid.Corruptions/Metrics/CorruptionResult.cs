using RobustGrid.Corruptions.Core;

namespace RobustGrid.Corruptions.Metrics;

/// <summary>
/// Errors (fractions in [0, 1]) and ECE of one corruption at severities 1..5, NaN at a severity the suite did not
/// score; the means are over the scored severities.
/// </summary>
public sealed record CorruptionResult(string Corruption, CorruptionFamily? Family, bool IsBenchmark, double[] Errors,
    double[] Ece)
{
    public double MeanError => Scored(Errors);
    public double MeanEce => Scored(Ece);

    private static double Scored(double[] values) =>
        values.Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Average();
}
