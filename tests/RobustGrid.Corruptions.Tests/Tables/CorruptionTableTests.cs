using System.Collections;
using RobustGrid.Catalog;
using RobustGrid.Corruptions.Blur;
using RobustGrid.Corruptions.Tables;

namespace RobustGrid.Corruptions.Tests.Tables;

public sealed class CorruptionTableTests
{
    [Theory]
    [InlineData(32, "cifar10-c")]
    [InlineData(28, "cifar10-c")]
    [InlineData(64, "tinyimagenet-c")]
    [InlineData(224, "imagenet-c")]
    public void TheImageSizePicksTheTable(int size, string benchmark) =>
        Assert.Equal(benchmark, CorruptionTables.ForImageSize(size, size).Name);

    [Fact]
    public void AnUnsupportedSizeNamesItselfAndTheTables()
    {
        var error = Assert.Throws<ArgumentException>(() => CorruptionTables.ForImageSize(96, 96));
        Assert.Contains("96x96", error.Message);
        foreach (var part in (string[])["cifar10-c (32 px)", "tinyimagenet-c (64 px)", "imagenet-c (224 px)"])
            Assert.Contains(part, error.Message);
        Assert.Throws<ArgumentException>(() => CorruptionTables.ForImageSize(64, 32));
        Assert.Contains("cifar10-c", Assert.Throws<ArgumentException>(() => CorruptionTables.Get("cifar-c")).Message);
    }

    [Fact]
    public void TheCatalogNamesEveryTableWithItsImageSize()
    {
        Assert.Equal(SuiteNames.Benchmarks, CorruptionTables.All.Select(t => t.Name));
        Assert.All(CorruptionTables.All, t => Assert.Equal(SuiteNames.ImageSizeOf[t.Name], t.ImageSize));
    }

    [Fact]
    public void EveryTableHasFiveSeveritiesForEveryCorruption()
    {
        foreach (var table in CorruptionTables.All)
        {
            var perSeverity = typeof(CorruptionTable).GetProperties()
                .Where(p => p.PropertyType.IsArray).Select(p => (p.Name, Values: (IList)p.GetValue(table)!)).ToArray();
            Assert.Equal(19, perSeverity.Length);
            Assert.All(perSeverity, p => Assert.True(p.Values.Count == 5, $"{table.Name}.{p.Name}"));
        }
    }

    [Theory]
    [InlineData(1.16, 0.01, 16, 1.1500000000000001)]
    [InlineData(1.21, 0.02, 11, 1.2000000000000002)]
    [InlineData(1.26, 0.02, 13, 1.2400000000000002)]
    [InlineData(1.31, 0.03, 11, 1.3000000000000003)]
    public void ImageNetZoomFactorsAreNumpysArange(double end, double step, int count, double last)
    {
        // Expected values printed by numpy 1.24: len(np.arange(1, end, step)) and its last element.
        var factors = ZoomBlur.Factors(end, step);
        Assert.Equal(count, factors.Length);
        Assert.Equal(last, factors[^1]);
    }
}
