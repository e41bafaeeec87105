namespace RobustGrid.Grid.Contracts;

/// <summary>
/// Leaderboard column names. Per-corruption columns are "corruption/{name}" (error averaged over severities) and
/// "corruption/{name}/{severity}" (error at one severity); CIFAR-10-P's are "perturbation/{name}/fp" and
/// "perturbation/{name}/t5d".
/// </summary>
public static class MetricNames
{
    public const string CleanError = "clean/error";
    public const string CleanAccuracy = "clean/accuracy";
    public const string MeanCorruptionError = "corruption/mce";
    public const string MeanCorruptionAccuracy = "corruption/mean_accuracy";

    /// <summary>
    /// The ImageNet-C paper's mCE: per corruption, the error divided by AlexNet's, averaged (a fraction; papers print
    /// ×100). Filled for imagenet-c only; <see cref="MeanCorruptionError"/> stays the unnormalised mean error.
    /// </summary>
    public const string AlexNetMce = "corruption/mce-alexnet";
    /// <summary>Mean negative log-likelihood of the true class on the clean test set.</summary>
    public const string Nll = "clean/nll";

    /// <summary>Expected calibration error on the clean test set: 15 equal-width bins, (b/15, (b+1)/15].</summary>
    public const string Ece = "calibration/ece";

    /// <summary>
    /// RMS calibration error on the clean test set with adaptive bins of 100 samples, as AugMix, PixMix and IPMix
    /// report it (their calib_err).
    /// </summary>
    public const string RmsCalibrationError = "calibration/rms";

    /// <summary>CIFAR-10-P: the flip probability averaged over the perturbations (mFP).</summary>
    public const string MeanFlipProbability = "perturbation/mfp";

    /// <summary>CIFAR-10-P: the top-5 distance averaged over the perturbations (mT5D).</summary>
    public const string MeanTopFiveDistance = "perturbation/mt5d";

    /// <summary>CIFAR-10-P: one perturbation's flip probability.</summary>
    public static string FlipProbability(string perturbation) => $"perturbation/{perturbation}/fp";

    /// <summary>CIFAR-10-P: one perturbation's top-5 distance.</summary>
    public static string TopFiveDistance(string perturbation) => $"perturbation/{perturbation}/t5d";

    /// <summary>The whole-suite columns a sweep may optimise, besides
    /// corruption/&lt;name&gt;[/&lt;severity&gt;].</summary>
    public static readonly IReadOnlyList<string> Summary =
        [
            CleanError, CleanAccuracy, MeanCorruptionError, MeanCorruptionAccuracy, AlexNetMce, Nll, Ece,
            RmsCalibrationError,
        ];

    /// <summary>Default goal of a metric: errors, losses, likelihood losses and calibration errors go down, the rest
    /// up.</summary>
    public static bool LowerIsBetter(string metric) =>
        metric.Contains("error", StringComparison.OrdinalIgnoreCase)
        || metric.Contains("loss", StringComparison.OrdinalIgnoreCase)
        || metric.Contains("nll", StringComparison.OrdinalIgnoreCase)
        || metric.Contains("calibration/", StringComparison.OrdinalIgnoreCase)
        || metric.Contains("mce", StringComparison.OrdinalIgnoreCase)
        || metric.Contains("ece", StringComparison.OrdinalIgnoreCase)
        || metric.StartsWith("perturbation/", StringComparison.OrdinalIgnoreCase)
        || metric.StartsWith("corruption/", StringComparison.OrdinalIgnoreCase)
            && !metric.Contains("accuracy", StringComparison.OrdinalIgnoreCase);
}
