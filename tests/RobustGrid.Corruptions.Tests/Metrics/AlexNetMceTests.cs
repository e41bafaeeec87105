using System.Text.Json;
using RobustGrid.Catalog;
using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Metrics;

namespace RobustGrid.Corruptions.Tests.Metrics;

public sealed class AlexNetMceTests
{
    /// <summary>Every benchmark corruption at <paramref name="fraction"/> of AlexNet's published error (Hendrycks
    /// &amp; Dietterich's table: 88.6 % gaussian noise … 60.7 % JPEG), extras at 0.9.</summary>
    private static RobustnessReport AtFractionOfAlexNet(double fraction, Baseline? baseline)
    {
        double[] alexNet = [0.886, 0.894, 0.923, 0.820, 0.826, 0.786, 0.798, 0.867, 0.827, 0.819, 0.565, 0.853, 0.646,
            0.718, 0.607];
        var results = CorruptionRegistry.Default().All.Select((c, i) => new CorruptionResult(c.Name, c.Family,
            c.IsBenchmark, Enumerable.Repeat(c.IsBenchmark ? fraction * alexNet[i] : 0.9, 5).ToArray(),
            new double[5])).ToArray();
        return new RobustnessReport("model", "imagenet-c", new ClassifierScores(100, 0.7, 0.3, 1, 0.1, 0.1), results)
        {
            MceBaseline = baseline,
        };
    }

    [Fact]
    public void ImageNetCReportsErrorsRelativeToAlexNets()
    {
        var baseline = Baseline.ForSuite(SuiteNames.ImageNetC);
        Assert.NotNull(baseline);
        // Half of AlexNet's error everywhere is a CE of 50 (0.5) within the rounding of the published table.
        var report = AtFractionOfAlexNet(0.5, baseline);
        Assert.Equal(0.5, report.BaselineNormalisedMce, 3);
        // The unnormalised mean error stays what it is: the mean of the errors themselves.
        Assert.Equal(0.5 * 0.789, report.MeanCorruptionError, 3);
        var json = JsonDocument.Parse(ReportWriter.ToJson(report)).RootElement;
        Assert.Equal(report.BaselineNormalisedMce, json.GetProperty("mce_normalised").GetDouble());
        Assert.Contains("AlexNet", json.GetProperty("mce_normalised_definition").GetString());
        Assert.Contains("\nmce_normalised,", ReportWriter.ToCsv(report));
    }

    [Fact]
    public void CifarSuitesKeepOnlyTheUnnormalisedMce()
    {
        foreach (var suite in (string[])[SuiteNames.Cifar10C, SuiteNames.Cifar100C, SuiteNames.TinyImageNetC])
            Assert.Null(Baseline.ForSuite(suite));
        var report = AtFractionOfAlexNet(0.5, null);
        Assert.True(double.IsNaN(report.BaselineNormalisedMce));
        Assert.False(
            JsonDocument.Parse(ReportWriter.ToJson(report)).RootElement.TryGetProperty("mce_normalised", out _));
        Assert.DoesNotContain("mce_normalised", ReportWriter.ToCsv(report));
    }
}
