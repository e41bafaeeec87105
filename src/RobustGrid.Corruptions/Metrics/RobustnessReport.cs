using RobustGrid.Corruptions.Core;

namespace RobustGrid.Corruptions.Metrics;

/// <summary>
/// One model on one corrupted suite. Errors are fractions in [0, 1]. mCE here is what the CIFAR papers (AugMix,
/// PixMix, …) report: the unnormalised mean error over the 15 benchmark corruptions × 5 severities, as a fraction
/// like every other number here (shown as a percentage only where it is printed).
/// </summary>
/// <param name="Clean">The scorer's measurements on the clean images.</param>
public sealed record RobustnessReport(string Model, string Suite, ClassifierScores Clean,
    IReadOnlyList<CorruptionResult> Corruptions)
{
    public long CleanImages => Clean.Count;
    public double CleanError => Clean.Error;
    public double CleanEce => Clean.Ece;

    /// <summary>The reference model of the suite's normalised mCE (AlexNet on ImageNet-C), or null where the papers
    /// report only the unnormalised one.</summary>
    public Baseline? MceBaseline { get; init; }

    /// <summary>The ImageNet-C paper's mCE, each corruption's error divided by AlexNet's (NaN without a
    /// baseline).</summary>
    public double BaselineNormalisedMce =>
        MceBaseline is null || !Benchmark.Any() ? double.NaN : NormalizedMce(MceBaseline);

    public IEnumerable<CorruptionResult> Benchmark => Corruptions.Where(c => c.IsBenchmark);

    /// <summary>Mean error over the benchmark corruptions and severities (NaN when the suite has none).</summary>
    public double MeanCorruptionError => Benchmark.Any() ? Benchmark.Average(c => c.MeanError) : double.NaN;

    /// <summary>mCE − clean error: the CIFAR-friendly "relative" number (the degradation under corruption).</summary>
    public double CorruptionGap => MeanCorruptionError - CleanError;

    /// <summary>Mean ECE over the benchmark corruptions and severities.</summary>
    public double MeanCorruptionEce => Benchmark.Any() ? Benchmark.Average(c => c.MeanEce) : double.NaN;

    /// <summary>Mean error per family over its benchmark corruptions (the 4 extras are left out, as in the
    /// papers).</summary>
    public IReadOnlyDictionary<CorruptionFamily, double> FamilyMeans =>
        Benchmark.Where(c => c.Family is not null)
            .GroupBy(c => c.Family!.Value)
            .ToDictionary(g => g.Key, g => g.Average(c => c.MeanError));

    /// <summary>Normalised mCE: mean over corruptions of E_c / E_c(baseline) (ImageNet-C style, ×100 in
    /// papers).</summary>
    public double NormalizedMce(Baseline baseline) =>
        Benchmark.Select(c => c.MeanError / BaselineError(baseline, c.Corruption)).Average();

    /// <summary>Relative mCE: mean over corruptions of (E_c − E_clean) / (E_c(base) − E_clean(base)).</summary>
    public double RelativeMce(Baseline baseline)
    {
        var baseClean = baseline.CleanError
            ?? throw new ArgumentException($"baseline '{baseline.Name}' has no clean error, which relative mCE needs");
        return Benchmark.Select(c => (c.MeanError - CleanError) / (BaselineError(baseline, c.Corruption) - baseClean))
            .Average();
    }

    private static double BaselineError(Baseline baseline, string corruption) =>
        baseline.MeanErrors.TryGetValue(corruption, out var e)
            ? e
            : throw new ArgumentException($"baseline '{baseline.Name}' has no error for '{corruption}'");
}
