using RobustGrid.Data.Cache;
using RobustGrid.Data.Catalog;
using RobustGrid.Data.Readers;
using RobustGrid.Tests.Shared;
using SkiaSharp;

namespace RobustGrid.Data.Tests;

/// <summary>Reads the shared CIFAR-10 JPEG archive once for every test in this class.</summary>
public sealed class CifarArchiveFixture
{
    public CifarArchiveFixture()
    {
        var sets = ImageFolderReader.Read(TestPaths.SharedDataset("cifar10-jpg.tar.gz"), ["train", "test"]);
        Train = sets["train"];
        Test = sets["test"];
    }

    public ImageSet Train { get; }
    public ImageSet Test { get; }
}

public sealed class ImageFolderAndCifarTests(CifarArchiveFixture cifar) : IClassFixture<CifarArchiveFixture>
{
    [Fact]
    public void ReadsTheCifarJpegArchive()
    {
        Assert.Equal(50_000, cifar.Train.Count);
        Assert.Equal(10_000, cifar.Test.Count);
        Assert.Equal((32, 32, 3), (cifar.Train.Height, cifar.Train.Width, cifar.Train.Channels));
        Assert.Equal(CifarClasses.Names, cifar.Train.ClassNames);
        Assert.All(cifar.Test.Labels.GroupBy(l => l), g => Assert.Equal(1_000, g.Count()));
        // CIFAR-10's published pixel mean is about 0.473 (120.7 of 255); JPEG keeps the mean.
        var mean = cifar.Test.Pixels.Select(p => (long)p).Sum() / (double)cifar.Test.Pixels.Length;
        Assert.InRange(mean, 115, 126);
    }

    [Fact]
    public void AnyPrefixHoldsTheClassesEvenly()
    {
        // What --train-limit and --test-limit take: the first N images.
        Assert.Equal(Enumerable.Range(0, 10), cifar.Test.Labels.Take(10));
        foreach (var n in new[] { 100, 1_280, 6_400 })
            Assert.All(cifar.Train.Take(n).Labels.GroupBy(l => l), g => Assert.Equal(n / 10, g.Count()));
        Assert.Equal(10, cifar.Train.Take(1_285).Labels.Distinct().Count());
    }

    [Fact]
    public void CifarBinaryRoundTripsRealImages()
    {
        var scratch = TestData.NewScratchFolder();
        var sample = cifar.Test.Take(300);
        var file = Path.Combine(scratch, "test_batch.bin");
        CifarBinaryReader.Write(file, sample);
        Assert.Equal(300 * 3073, new FileInfo(file).Length);
        var read = CifarBinaryReader.Read([file], CifarClasses.Names);
        Assert.Equal(sample.Pixels, read.Pixels);
        Assert.Equal(sample.Labels, read.Labels);
    }

    [Fact]
    public void TruncatedCifarBatchIsAClearError()
    {
        var scratch = TestData.NewScratchFolder();
        var file = Path.Combine(scratch, "data_batch_1.bin");
        CifarBinaryReader.Write(file, cifar.Test.Take(3));
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..^100]);
        var error = Assert.Throws<DataFormatException>(() => CifarBinaryReader.Read([file], CifarClasses.Names));
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void ReadsAPngFolderLayout()
    {
        var root = TestData.NewScratchFolder();
        var sample = cifar.Test.Take(20);
        for (var i = 0; i < sample.Count; i++)
        {
            var folder = Path.Combine(root, "test", sample.ClassNames[sample.Labels[i]]);
            Directory.CreateDirectory(folder);
            WritePng(Path.Combine(folder, $"{i:D4}.png"), sample.Pixels.AsSpan(i * 3072, 3072));
        }
        var read = ImageFolderReader.Read(root, ["test"])["test"];
        Assert.Equal(20, read.Count);
        // PNG is lossless: every image comes back exactly, under its class.
        var expected = Enumerable.Range(0, 20).Select(i =>
            (sample.ClassNames[sample.Labels[i]], Convert.ToBase64String(sample.Pixels, i * 3072, 3072))).ToHashSet();
        var actual = Enumerable.Range(0, 20).Select(
            i => (read.ClassNames[read.Labels[i]], Convert.ToBase64String(read.Pixels, i * 3072, 3072))).ToHashSet();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void RealCifarImagesInAFolderLoadAsAFolderDatasetExactly()
    {
        var root = TestData.NewScratchFolder();
        var sets = new[] { ("train", cifar.Train.Take(40)), ("test", cifar.Test.Take(20)) };
        foreach (var (split, set) in sets)
        {
            for (var i = 0; i < set.Count; i++)
            {
                var folder = Path.Combine(root, split, set.ClassNames[set.Labels[i]]);
                Directory.CreateDirectory(folder);
                WritePng(Path.Combine(folder, $"{i:D4}.png"), set.Pixels.AsSpan(i * 3072, 3072));
            }
        }
        var catalog = new DatasetCatalog(new DataSearchPath([]), new ImageSetCache(TestData.NewScratchFolder()),
            new DatasetRegistry(Path.Combine(TestData.NewScratchFolder(), DatasetRegistry.FileName)));
        var splits = catalog.Load("folder:" + root);
        Assert.Equal(CifarClasses.Names, splits.Test.ClassNames);
        foreach (var ((_, written), read) in sets.Zip([splits.Train, splits.Test]))
        {
            // The first N of CIFAR's prefix-balanced order, written as PNG, come back exactly, each under its class.
            Assert.Equal(32, read.Height);
            var expected = Enumerable.Range(0, written.Count).Select(i => (written.Labels[i],
                Convert.ToBase64String(written.Pixels, i * 3072, 3072))).ToHashSet();
            var actual = Enumerable.Range(0, read.Count).Select(i => (read.Labels[i],
                Convert.ToBase64String(read.Pixels, i * 3072, 3072))).ToHashSet();
            Assert.Equal(expected, actual);
        }
    }

    private static void WritePng(string path, ReadOnlySpan<byte> rgb)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(32, 32, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (var p = 0; p < 1024; p++)
            bitmap.SetPixel(p % 32, p / 32, new SKColor(rgb[3 * p], rgb[3 * p + 1], rgb[3 * p + 2]));
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }
}
