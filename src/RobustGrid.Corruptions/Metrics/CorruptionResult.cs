using RobustGrid.Corruptions.Core;

namespace RobustGrid.Corruptions.Metrics;

/// <summary>Errors (fractions in [0, 1]) and ECE of one corruption at severities 1..5.</summary>
public sealed record CorruptionResult(string Corruption, CorruptionFamily? Family, bool IsBenchmark, double[] Errors,
    double[] Ece)
{
    public double MeanError => Errors.Average();
    public double MeanEce => Ece.Average();
}
