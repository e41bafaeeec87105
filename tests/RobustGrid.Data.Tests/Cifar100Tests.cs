using RobustGrid.Data.Cache;
using RobustGrid.Data.Catalog;
using RobustGrid.Data.Readers;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Data.Tests;

/// <summary>CIFAR-100's binary release, written in the official format from real CIFAR-10 images.</summary>
public sealed class Cifar100Tests(CifarArchiveFixture cifar) : IClassFixture<CifarArchiveFixture>
{
    private const int TrainCount = 200;
    private const int TestCount = 100;

    [Fact]
    public void BinaryReleaseReadsFineLabelsByDefaultAndCoarseAsTheirOwnDataset()
    {
        var (catalog, written) = WriteRelease();
        var fine = catalog.Load("cifar100");
        var coarse = catalog.Load("cifar100-coarse");
        Assert.Equal("cifar-binary", fine.Format);
        Assert.Equal((TrainCount, TestCount), (fine.Train.Count, fine.Test.Count));
        Assert.Equal(written.TrainFine, fine.Train.Labels);
        Assert.Equal(written.TestFine, fine.Test.Labels);
        Assert.Equal(written.TrainCoarse, coarse.Train.Labels);
        Assert.Equal(written.TestCoarse, coarse.Test.Labels);
        Assert.Equal(cifar.Train.Pixels[..(TrainCount * 3072)], fine.Train.Pixels);
        Assert.Equal(cifar.Test.Pixels[..(TestCount * 3072)], coarse.Test.Pixels);
        Assert.Equal(100, fine.Train.ClassNames.Count);
        Assert.Equal(20, coarse.Train.ClassNames.Count);
        Assert.Equal(("apple", "worm"), (fine.Train.ClassNames[0], fine.Train.ClassNames[99]));
        Assert.Equal(("aquatic_mammals", "vehicles_2"), (coarse.Train.ClassNames[0], coarse.Train.ClassNames[19]));
    }

    [Fact]
    public void ClassNameListsHoldDistinctNames()
    {
        Assert.Equal(100, CifarClasses.Cifar100Fine.Distinct().Count());
        Assert.Equal(20, CifarClasses.Cifar100Coarse.Distinct().Count());
    }

    [Fact]
    public void RecordsAreTwoLabelBytesThenThePixelPlanes()
    {
        var scratch = TestData.NewScratchFolder();
        var file = Path.Combine(scratch, "test.bin");
        var sample = cifar.Test.Take(2);
        CifarBinaryReader.WriteCifar100(file, sample, [7, 19]);
        var bytes = File.ReadAllBytes(file);
        Assert.Equal(2 * 3074, bytes.Length);
        Assert.Equal(new byte[] { 7, (byte)sample.Labels[0] }, bytes[..2]);
        Assert.Equal(new byte[] { 19, (byte)sample.Labels[1] }, bytes[3074..3076]);
        // The red plane first: pixel 0's red, then pixel 1's red.
        Assert.Equal(sample.Pixels[0], bytes[2]);
        Assert.Equal(sample.Pixels[3], bytes[3]);
        Assert.Equal(sample.Pixels[2], bytes[2 + 2048]);
    }

    [Fact]
    public void ACifar10FileIsNotReadAsCifar100()
    {
        var scratch = TestData.NewScratchFolder();
        var folder = Path.Combine(scratch, "cifar-100-binary");
        Directory.CreateDirectory(folder);
        CifarBinaryReader.Write(Path.Combine(folder, "train.bin"), cifar.Test.Take(3));
        CifarBinaryReader.Write(Path.Combine(folder, "test.bin"), cifar.Test.Take(3));
        var catalog = new DatasetCatalog(new DataSearchPath([scratch]), new ImageSetCache(TestData.NewScratchFolder()));
        var error = Assert.Throws<DataFormatException>(() => catalog.Load("cifar100"));
        Assert.Contains("3074-byte CIFAR-100 records", error.Message);
    }

    [Fact]
    public void ImageFolderLayoutReadsFineClassesAndCoarseAsksForTheBinaryRelease()
    {
        var scratch = TestData.NewScratchFolder();
        var root = Path.Combine(scratch, "cifar100-jpg");
        foreach (var (split, set) in new[] { ("train", cifar.Train.Take(30)), ("test", cifar.Test.Take(10)) })
        {
            for (var i = 0; i < set.Count; i++)
            {
                var label = set.Labels[i] * 10;
                var folder = Path.Combine(root, split, CifarClasses.Cifar100Fine[label]);
                Directory.CreateDirectory(folder);
                ImageFolders.WriteImage(Path.Combine(folder, $"{i:D3}.png"), 32, 32, set.Labels[i] % 8, i);
            }
        }
        var catalog = new DatasetCatalog(new DataSearchPath([scratch]), new ImageSetCache(TestData.NewScratchFolder()));
        var fine = catalog.Load("cifar100");
        Assert.Equal(("image-folder", 30, 10), (fine.Format, fine.Train.Count, fine.Test.Count));
        Assert.Equal(cifar.Train.Take(30).Labels.Select(l => CifarClasses.Cifar100Fine[l * 10]).Order(),
            fine.Train.Labels.Select(l => fine.Train.ClassNames[l]).Order());
        var error = Assert.Throws<DatasetNotFoundException>(() => catalog.Load("cifar100-coarse"));
        Assert.Contains("binary release", error.Message);
    }

    private sealed record Labels(int[] TrainFine, int[] TrainCoarse, int[] TestFine, int[] TestCoarse);

    /// <summary>Real images under made-up labels: fine label 7·i mod 100, coarse label its fine label's fifth (the
    /// release's grouping is not by fives; any assignment does for a reader).</summary>
    private (DatasetCatalog Catalog, Labels Written) WriteRelease()
    {
        var scratch = TestData.NewScratchFolder();
        var folder = Path.Combine(scratch, "cifar-100-binary");
        Directory.CreateDirectory(folder);
        int[] Fine(int n) => Enumerable.Range(0, n).Select(i => 7 * i % 100).ToArray();
        int[] Coarse(int[] fine) => fine.Select(f => f / 5).ToArray();
        var (trainFine, testFine) = (Fine(TrainCount), Fine(TestCount));
        CifarBinaryReader.WriteCifar100(Path.Combine(folder, "train.bin"), Relabel(cifar.Train.Take(TrainCount),
            trainFine), Coarse(trainFine));
        CifarBinaryReader.WriteCifar100(Path.Combine(folder, "test.bin"), Relabel(cifar.Test.Take(TestCount),
            testFine), Coarse(testFine));
        var catalog = new DatasetCatalog(new DataSearchPath([scratch]), new ImageSetCache(TestData.NewScratchFolder()));
        return (catalog, new Labels(trainFine, Coarse(trainFine), testFine, Coarse(testFine)));
    }

    private static ImageSet Relabel(ImageSet set, int[] labels) =>
        new(set.Pixels, labels, set.Height, set.Width, set.Channels, CifarClasses.Cifar100Fine);
}
