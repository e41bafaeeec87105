using RobustGrid.Corruptions.Metrics;
using RobustGrid.Evaluation.Perturbations;
using RobustGrid.Grid.Contracts;

namespace RobustGrid.Grid.Training;

/// <summary>Scores and robustness reports as leaderboard columns (names from <see cref="MetricNames"/>); NaN values are
/// left out.</summary>
public static class ReportColumns
{
    /// <summary>The clean-set columns.</summary>
    public static Dictionary<string, double> From(ClassifierScores clean) => Finite(new Dictionary<string, double>
    {
        [MetricNames.CleanError] = clean.Error,
        [MetricNames.CleanAccuracy] = clean.Accuracy,
        [MetricNames.Nll] = clean.Nll,
        [MetricNames.Ece] = clean.Ece,
        [MetricNames.RmsCalibrationError] = clean.RmsCalibrationError,
    });

    /// <summary>The clean-set columns, then mCE, per-corruption, per-severity and per-family errors.</summary>
    public static Dictionary<string, double> From(RobustnessReport report)
    {
        var columns = From(report.Clean);
        columns["calibration/ece_corrupted"] = report.MeanCorruptionEce;
        columns[MetricNames.MeanCorruptionError] = report.MeanCorruptionError;
        columns[MetricNames.MeanCorruptionAccuracy] = 1 - report.MeanCorruptionError;
        columns[MetricNames.AlexNetMce] = report.BaselineNormalisedMce;
        foreach (var corruption in report.Corruptions)
        {
            columns[$"corruption/{corruption.Corruption}"] = corruption.MeanError;
            for (var s = 0; s < corruption.Errors.Length; s++)
                columns[$"corruption/{corruption.Corruption}/{s + 1}"] = corruption.Errors[s];
        }
        foreach (var (family, mean) in report.FamilyMeans)
            columns[$"family/{family.ToString().ToLowerInvariant()}"] = mean;
        return Finite(columns);
    }

    /// <summary>The clean-set columns, then mFP, mT5D and each perturbation's flip probability and top-5
    /// distance.</summary>
    public static Dictionary<string, double> From(ClassifierScores clean, PerturbationReport report)
    {
        var columns = From(clean);
        columns[MetricNames.MeanFlipProbability] = report.MeanFlipProbability;
        columns[MetricNames.MeanTopFiveDistance] = report.MeanTopFiveDistance;
        foreach (var perturbation in report.Perturbations)
        {
            columns[MetricNames.FlipProbability(perturbation.Name)] = perturbation.FlipProbability;
            columns[MetricNames.TopFiveDistance(perturbation.Name)] = perturbation.TopFiveDistance;
        }
        return Finite(columns);
    }

    private static Dictionary<string, double> Finite(Dictionary<string, double> columns) =>
        columns.Where(c => !double.IsNaN(c.Value)).ToDictionary();
}
