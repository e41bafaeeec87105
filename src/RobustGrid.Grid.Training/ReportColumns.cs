using RobustGrid.Corruptions.Metrics;
using RobustGrid.Grid.Contracts;

namespace RobustGrid.Grid.Training;

/// <summary>A robustness report as leaderboard columns (names from <see cref="MetricNames"/>).</summary>
public static class ReportColumns
{
    public static Dictionary<string, double> From(RobustnessReport report)
    {
        var columns = new Dictionary<string, double>
        {
            [MetricNames.CleanError] = report.CleanError,
            [MetricNames.CleanAccuracy] = 1 - report.CleanError,
            [MetricNames.Ece] = report.CleanEce,
            ["calibration/ece_corrupted"] = report.MeanCorruptionEce,
            [MetricNames.MeanCorruptionError] = report.MeanCorruptionError,
            [MetricNames.MeanCorruptionAccuracy] = 1 - report.MeanCorruptionError,
        };
        foreach (var corruption in report.Corruptions)
        {
            columns[$"corruption/{corruption.Corruption}"] = corruption.MeanError;
            for (var s = 0; s < corruption.Errors.Length; s++)
                columns[$"corruption/{corruption.Corruption}/{s + 1}"] = corruption.Errors[s];
        }
        foreach (var (family, mean) in report.FamilyMeans)
            columns[$"family/{family.ToString().ToLowerInvariant()}"] = mean;
        return columns.Where(c => !double.IsNaN(c.Value)).ToDictionary();
    }
}
