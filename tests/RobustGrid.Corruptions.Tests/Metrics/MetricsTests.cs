using System.Text.Json;
using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Metrics;

namespace RobustGrid.Corruptions.Tests.Metrics;

public sealed class MetricsTests
{
    private static readonly CorruptionRegistry Registry = CorruptionRegistry.Default();

    /// <summary>A report whose error for corruption c, severity s is base + 0.01·s + 0.001·index(c).</summary>
    private static RobustnessReport Synthetic(double baseError, double clean)
    {
        var results = Registry.All.Select((c, i) => new CorruptionResult(c.Name, c.Family, c.IsBenchmark,
            Severity.All.Select(s => baseError + 0.01 * s + 0.001 * i).ToArray(),
            Severity.All.Select(s => 0.02 * s).ToArray())).ToArray();
        return new RobustnessReport("model", "suite", new ClassifierScores(100, 1 - clean, clean, 0.4, 0.05, 0.07),
            results);
    }

    [Fact]
    public void MceIsTheMeanOverThe15BenchmarkCorruptionsAnd5SeveritiesOnly()
    {
        var report = Synthetic(0.3, 0.1);
        var benchmarkErrors = report.Corruptions.Where(c => c.IsBenchmark).SelectMany(c => c.Errors).ToArray();
        Assert.Equal(75, benchmarkErrors.Length);
        Assert.Equal(benchmarkErrors.Average(), report.MeanCorruptionError, 12);
        // The extras (indices 15..18, the largest errors here) would raise the mean if they were included.
        Assert.True(report.MeanCorruptionError < report.Corruptions.SelectMany(c => c.Errors).Average());
        Assert.Equal(report.MeanCorruptionError - 0.1, report.CorruptionGap, 12);
    }

    [Fact]
    public void FamilyMeansFollowTheHendrycksGrouping()
    {
        var report = Synthetic(0.3, 0.1);
        var families = report.FamilyMeans;
        Assert.Equal(4, families.Count);
        string[] weather = ["snow", "frost", "fog", "brightness"];
        var expected = report.Corruptions.Where(c => weather.Contains(c.Corruption)).Average(c => c.MeanError);
        Assert.Equal(expected, families[CorruptionFamily.Weather], 12);
        Assert.Equal(["gaussian_noise", "shot_noise", "impulse_noise"],
            Registry.Benchmark.Where(c => c.Family == CorruptionFamily.Noise).Select(c => c.Name));
    }

    [Fact]
    public void NormalisedAndRelativeMceAgainstABaseline()
    {
        var model = Synthetic(0.2, 0.05);
        var baseline = Baseline.From(Synthetic(0.4, 0.1));
        var normalised = model.Benchmark.Average(c => c.MeanError / baseline.MeanErrors[c.Corruption]);
        Assert.Equal(normalised, model.NormalizedMce(baseline), 12);
        var relative = model.Benchmark.Average(c => (c.MeanError - 0.05) / (baseline.MeanErrors[c.Corruption] - 0.1));
        Assert.Equal(relative, model.RelativeMce(baseline), 12);
        Assert.Equal(1.0, model.NormalizedMce(Baseline.From(model)), 12);
        Assert.Throws<ArgumentException>(() => model.RelativeMce(Baseline.AlexNetImageNetC));
        Assert.Equal(15, Baseline.AlexNetImageNetC.MeanErrors.Count);
    }

    [Fact]
    public void JsonAndCsvCarryTheNumbers()
    {
        var report = Synthetic(0.3, 0.1);
        using var json = JsonDocument.Parse(ReportWriter.ToJson(report, Baseline.From(Synthetic(0.5, 0.2))));
        var root = json.RootElement;
        Assert.Equal(report.MeanCorruptionError, root.GetProperty("mce").GetDouble(), 12);
        // The clean scores travel whole: accuracy, error, NLL, ECE and the RMS calibration error.
        Assert.Equal(0.9, root.GetProperty("clean_accuracy").GetDouble(), 12);
        Assert.Equal(0.1, root.GetProperty("clean_error").GetDouble(), 12);
        Assert.Equal(0.4, root.GetProperty("clean_nll").GetDouble(), 12);
        Assert.Equal(0.05, root.GetProperty("clean_ece").GetDouble(), 12);
        Assert.Equal(0.07, root.GetProperty("clean_rms_calibration_error").GetDouble(), 12);
        Assert.Equal(19, root.GetProperty("corruptions").GetArrayLength());
        Assert.Equal(5, root.GetProperty("corruptions")[0].GetProperty("errors").GetArrayLength());
        Assert.True(root.TryGetProperty("relative_mce", out _));

        var lines = ReportWriter.ToCsv(report).TrimEnd().Split('\n');
        Assert.Equal("corruption,family,benchmark,s1,s2,s3,s4,s5,mean", lines[0]);
        Assert.StartsWith("gaussian_noise,noise,yes,0.31,0.32,0.33,0.34,0.35,0.33", lines[1]);
        Assert.Contains(lines, l => l.StartsWith("mce,") && l.EndsWith(
            report.MeanCorruptionError.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
