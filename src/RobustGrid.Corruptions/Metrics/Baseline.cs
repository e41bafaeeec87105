using RobustGrid.Catalog;

namespace RobustGrid.Corruptions.Metrics;

/// <summary>
/// Errors of a reference model for normalised (Hendrycks &amp; Dietterich) mCE: per corruption, the error averaged over
/// the five severities (Σ_s E / Σ_s E_base equals mean/mean), and the clean error for relative mCE when known.
/// </summary>
public sealed record Baseline(string Name, IReadOnlyDictionary<string, double> MeanErrors, double? CleanError)
{
    /// <summary>
    /// AlexNet's ImageNet-C errors per corruption (mean over severities), the denominators of the ImageNet-C paper's
    /// CE (Hendrycks &amp; Dietterich, ICLR 2019, whose tables print them rounded: 88.6, 89.4, 92.3, …). The
    /// six-digit values are those of google-research/augmix imagenet.py (ALEXNET_ERR, "taken from
    /// https://github.com/hendrycks/robustness"; that repository's ImageNet-C/test.py itself prints only the
    /// unnormalised mCE). Its clean error is left unset: the published figures disagree (about 43.5 % vs
    /// RobustBench's 43.76 %), so relative mCE needs it supplied. Only meaningful for ImageNet-C evaluations; CIFAR
    /// papers report the unnormalised mCE.
    /// </summary>
    public static Baseline AlexNetImageNetC { get; } = new("AlexNet (ImageNet-C)", new Dictionary<string, double>
    {
        ["gaussian_noise"] = 0.886428,
        ["shot_noise"] = 0.894468,
        ["impulse_noise"] = 0.922640,
        ["defocus_blur"] = 0.819880,
        ["glass_blur"] = 0.826268,
        ["motion_blur"] = 0.785948,
        ["zoom_blur"] = 0.798360,
        ["snow"] = 0.866816,
        ["frost"] = 0.826572,
        ["fog"] = 0.819324,
        ["brightness"] = 0.564592,
        ["contrast"] = 0.853204,
        ["elastic_transform"] = 0.646056,
        ["pixelate"] = 0.717840,
        ["jpeg_compression"] = 0.606500,
    }, null);

    /// <summary>The baseline a suite's normalised mCE is reported against: AlexNet for ImageNet-C
    /// (<see cref="SuiteNames.AlexNetNormalised"/>), none for the others.</summary>
    public static Baseline? ForSuite(string suite) => SuiteNames.AlexNetNormalised.Contains(suite)
        ? AlexNetImageNetC
        : null;

    /// <summary>A baseline from another model's report (e.g. the project's standard ResNet on the same
    /// suite).</summary>
    public static Baseline From(RobustnessReport report) =>
        new(report.Model, report.Corruptions.ToDictionary(c => c.Corruption, c => c.MeanError), report.CleanError);
}
