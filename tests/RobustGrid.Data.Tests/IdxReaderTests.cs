using System.IO.Compression;
using RobustGrid.Data.Readers;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Data.Tests;

public sealed class IdxReaderTests
{
    private static string Fashion(string file) => Path.Combine(TestPaths.FashionMnistFolder, file);

    [Fact]
    public void ReadsTheDebianFashionMnistFiles()
    {
        var (pixels, count, height, width) = IdxReader.ReadImages(Fashion("train-images-idx3-ubyte.gz"));
        var labels = IdxReader.ReadLabels(Fashion("train-labels-idx1-ubyte.gz"));
        Assert.Equal((60_000, 28, 28), (count, height, width));
        Assert.Equal(60_000 * 28 * 28, pixels.Length);
        Assert.Equal(60_000, labels.Length);
        // Fashion-MNIST's training set is balanced: 6,000 images in each of 10 classes.
        Assert.All(labels.GroupBy(l => l), g => Assert.Equal(6_000, g.Count()));
        Assert.Equal(10, labels.Distinct().Count());
        Assert.InRange(pixels.Average(p => (double)p), 60, 90);
    }

    [Fact]
    public void ReadsRawAndGzipIdentically()
    {
        var scratch = TestData.NewScratchFolder();
        var raw = Path.Combine(scratch, "t10k-labels-idx1-ubyte");
        using (var gzip =
            new GZipStream(File.OpenRead(Fashion("t10k-labels-idx1-ubyte.gz")), CompressionMode.Decompress))
        using (var output = File.Create(raw))
            gzip.CopyTo(output);
        Assert.Equal(IdxReader.ReadLabels(Fashion("t10k-labels-idx1-ubyte.gz")), IdxReader.ReadLabels(raw));
    }

    [Fact]
    public void TruncatedRawFileIsAClearError()
    {
        var scratch = TestData.NewScratchFolder();
        var path = Path.Combine(scratch, "images-idx3-ubyte");
        var header = new byte[] { 0, 0, 8, 3, 0, 0, 0, 10, 0, 0, 0, 28, 0, 0, 0, 28 };
        File.WriteAllBytes(path, [.. header, .. new byte[28 * 28 * 10 - 5]]);
        var error = Assert.Throws<DataFormatException>(() => IdxReader.ReadImages(path));
        Assert.Contains("truncated", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void TruncatedGzipIsAClearError()
    {
        var scratch = TestData.NewScratchFolder();
        var bytes = File.ReadAllBytes(Fashion("t10k-images-idx3-ubyte.gz"));
        var path = Path.Combine(scratch, "cut.gz");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<DataFormatException>(() => IdxReader.ReadImages(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void WrongMagicIsAClearError()
    {
        var scratch = TestData.NewScratchFolder();
        var path = Path.Combine(scratch, "not-idx");
        File.WriteAllText(path, "hello world, not an idx file");
        Assert.Contains("magic", Assert.Throws<DataFormatException>(() => IdxReader.ReadLabels(path)).Message);
    }
}
