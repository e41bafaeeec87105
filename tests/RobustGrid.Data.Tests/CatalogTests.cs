using RobustGrid.Data.Cache;
using RobustGrid.Data.Catalog;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Data.Tests;

public sealed class CatalogTests
{
    [Fact]
    public void MissingDatasetNamesEveryPlaceTried()
    {
        var empty = TestData.NewScratchFolder();
        var catalog = new DatasetCatalog(new DataSearchPath([empty]), new ImageSetCache(TestData.NewScratchFolder()));
        var error = Assert.Throws<DatasetNotFoundException>(() => catalog.Load("cifar10"));
        Assert.Contains(Path.Combine(empty, "cifar-10-batches-bin"), error.Message);
        Assert.Contains(Path.Combine(empty, "cifar10-jpg.tar.gz"), error.Message);
        Assert.Contains("binary version", error.Message);
    }

    [Fact]
    public void UnknownDatasetIsAClearError()
    {
        var catalog = new DatasetCatalog(new DataSearchPath([]), new ImageSetCache(TestData.NewScratchFolder()));
        Assert.Contains("known: fashion-mnist, cifar10",
            Assert.Throws<ArgumentException>(() => catalog.Load("imagenet")).Message);
    }

    [Fact]
    public void FashionMnistLoadsFromTheSystemLocationAndThenFromTheCache()
    {
        var cacheFolder = TestData.NewScratchFolder();
        var catalog =
            new DatasetCatalog(new DataSearchPath(DataSearchPath.SystemRoots), new ImageSetCache(cacheFolder));
        var first = catalog.Load("fashion-mnist");
        Assert.Equal("idx", first.Format);
        Assert.Equal(TestPaths.FashionMnistFolder, first.Source);
        var cached = Assert.Single(Directory.GetFiles(cacheFolder, "*.rgds"));
        var stamp = File.GetLastWriteTimeUtc(cached);
        var second = catalog.Load("fashion-mnist");
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(cached));
        Assert.Equal(first.Train.Pixels, second.Train.Pixels);
        Assert.Equal(first.Test.Labels, second.Test.Labels);
        Assert.Equal(first.Train.ClassNames, second.Train.ClassNames);
    }

    [Fact]
    public async Task TwoLoadsAtOnceIntoAnEmptyCacheBothSucceed()
    {
        // Two trials of one process starting on a fresh home decode the same dataset at the same time; each writes
        // the cache entry, and neither may find the other's half-written file in its way.
        var cacheFolder = TestData.NewScratchFolder();
        var catalog =
            new DatasetCatalog(new DataSearchPath(DataSearchPath.SystemRoots), new ImageSetCache(cacheFolder));
        using var start = new Barrier(4);
        var loads = Enumerable.Range(0, 4).Select(_ => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            return catalog.Load("fashion-mnist");
        }, TaskCreationOptions.LongRunning)).ToArray();
        var splits = await Task.WhenAll(loads);
        Assert.All(splits, split => Assert.Equal(splits[0].Test.Labels, split.Test.Labels));
        Assert.Single(Directory.GetFiles(cacheFolder, "*.rgds"));
        Assert.Empty(Directory.GetFiles(cacheFolder, "*.tmp"));
    }

    [Fact]
    public void ACorruptCacheEntryIsRebuiltNotTrusted()
    {
        var cacheFolder = TestData.NewScratchFolder();
        var catalog =
            new DatasetCatalog(new DataSearchPath(DataSearchPath.SystemRoots), new ImageSetCache(cacheFolder));
        var first = catalog.Load("fashion-mnist");
        var cached = Assert.Single(Directory.GetFiles(cacheFolder, "*.rgds"));
        var bytes = File.ReadAllBytes(cached);
        File.WriteAllBytes(cached, bytes[..(bytes.Length / 3)]);
        var again = catalog.Load("fashion-mnist");
        Assert.Equal(first.Train.Pixels, again.Train.Pixels);
        Assert.Equal(bytes.Length, new FileInfo(cached).Length);
    }

    [Fact]
    public void FindsTheFrostAssetOnTheSharedPath()
    {
        var frost = DataSearchPath.Default().FindAsset("frost", "");
        Assert.True(File.Exists(Path.Combine(frost, "frost1.png")));
    }
}
