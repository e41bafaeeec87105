using RobustGrid.Corruptions.Core;
using RobustGrid.Data;
using RobustGrid.Data.Cache;
using RobustGrid.Data.Catalog;

namespace RobustGrid.Evaluation.Tests;

/// <summary>The suites open to any dataset, on the shared CIFAR-10 test set (32 px).</summary>
public sealed class SuiteSizeTests : IDisposable
{
    private readonly string _scratch =
        Path.Combine(Path.GetTempPath(), "robustgrid-tests", Guid.NewGuid().ToString("N"));

    private SuiteFactory Factory => new(
        new DatasetCatalog(DataSearchPath.Default(),
            new ImageSetCache(Path.Combine(Path.GetTempPath(), "robustgrid-tests", "dataset-cache"))),
        _scratch);

    public void Dispose()
    {
        if (Directory.Exists(_scratch)) Directory.Delete(_scratch, recursive: true);
    }

    [Fact]
    public void Cifar100CCorruptsAny32PixelTestSetWithTheCifarTable()
    {
        var (suite, clean) = Factory.Create(
            new SuiteRequest("cifar100-c", Limit: 20, Corruptions: ["contrast"], EvaluatedDataset: "cifar10"));
        Assert.Equal(20, clean.Count);
        Assert.Equal(CorruptionEngine.Default().Corrupt(clean.Load(), "contrast", 2, seed: 0),
            suite.Images("contrast", 2));
        Assert.Contains("cifar100-c", suite.Description);
    }

    [Fact]
    public void ASuiteOfAnotherImageSizeNamesBothSizesAndTheSuiteThatFits()
    {
        var error = Assert.Throws<ArgumentException>(() => Factory.Create(
            new SuiteRequest("tinyimagenet-c", Limit: 10, Corruptions: ["fog"], EvaluatedDataset: "cifar10")));
        Assert.Contains("64x64", error.Message);
        Assert.Contains("32x32", error.Message);
        Assert.Contains("use cifar100-c", error.Message);
    }

    [Fact]
    public void AnOpenSuiteNeedsTheEvaluatedDataset()
    {
        Assert.Contains("none was named",
            Assert.Throws<ArgumentException>(() => new SuiteRequest("imagenet-c").Dataset).Message);
        Assert.Equal("cifar10", new SuiteRequest("cifar10-c", EvaluatedDataset: "fashion-mnist").Dataset);
    }
}
