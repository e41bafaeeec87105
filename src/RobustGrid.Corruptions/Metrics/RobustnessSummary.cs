namespace RobustGrid.Corruptions.Metrics;

/// <summary>
/// The headline numbers of one report, as side-by-side tables and the DynTTA report keep them. Fractions in [0, 1]
/// like the report's: the clean scores, each corruption's error averaged over severities, mCE over the benchmark
/// corruptions and their mean ECE (NaN when the suite holds no benchmark corruption).
/// </summary>
public sealed record RobustnessSummary(string Name, ClassifierScores Clean, Dictionary<string, double> CorruptionErrors,
    double MeanCorruptionError, double MeanCorruptionEce)
{
    public static RobustnessSummary From(string name, RobustnessReport report) =>
        new(name, report.Clean, report.Corruptions.ToDictionary(c => c.Corruption, c => c.MeanError),
            report.MeanCorruptionError, report.MeanCorruptionEce);
}
