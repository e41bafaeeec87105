namespace RobustGrid.Grid.Contracts;

/// <summary>
/// Leaderboard column names. Per-corruption columns are "corruption/{name}" (error averaged over severities) and
/// "corruption/{name}/{severity}" (error at one severity).
/// </summary>
public static class MetricNames
{
    public const string CleanError = "clean/error";
    public const string CleanAccuracy = "clean/accuracy";
    public const string MeanCorruptionError = "corruption/mce";
    public const string MeanCorruptionAccuracy = "corruption/mean_accuracy";
    public const string Ece = "calibration/ece";

    /// <summary>Default goal of a metric: errors, losses and calibration error go down, the rest up.</summary>
    public static bool LowerIsBetter(string metric) =>
        metric.Contains("error", StringComparison.OrdinalIgnoreCase)
        || metric.Contains("loss", StringComparison.OrdinalIgnoreCase)
        || metric.Contains("mce", StringComparison.OrdinalIgnoreCase)
        || metric.Contains("ece", StringComparison.OrdinalIgnoreCase)
        || metric.StartsWith("corruption/", StringComparison.OrdinalIgnoreCase) && !metric.Contains("accuracy", StringComparison.OrdinalIgnoreCase);
}
