using RobustGrid.Data.Folders;
using RobustGrid.Data.Preprocessing;
using RobustGrid.Data.Streaming;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Data.Tests;

/// <summary>Alone, so that the memory another test allocates meanwhile does not count as the stream's.</summary>
[CollectionDefinition(nameof(StreamedSplitTests), DisableParallelization = true)]
public sealed class StreamedSplitCollection;

[Collection(nameof(StreamedSplitTests))]
public sealed class StreamedSplitTests
{
    [Fact]
    public void TheSeedFixesTheOrderAndTheCropsWhateverTheWorkers()
    {
        var root = TestData.NewScratchFolder();
        ImageFolders.Write(root, ["train", "test"], classes: 3, perClass: 6, 96, 80, "jpg");
        var index = ImageFolderIndex.Read(root);
        var preprocessing = ImagePreprocessing.For(72);
        var one = new StreamedSplit(index.Train, index.ClassNames, preprocessing, workers: 1, prefetchBatches: 1);
        var many = new StreamedSplit(index.Train, index.ClassNames, preprocessing, workers: 4, prefetchBatches: 3);
        var first = one.Epoch(seed: 5, epoch: 0, batchSize: 4).ToList();
        var again = many.Epoch(seed: 5, epoch: 0, batchSize: 4).ToList();
        Assert.Equal(new[] { 4, 4, 4, 4, 2 }, first.Select(b => b.Count));
        Assert.Equal(first.SelectMany(b => b.Labels), again.SelectMany(b => b.Labels));
        Assert.Equal(first.SelectMany(b => b.Pixels), again.SelectMany(b => b.Pixels));
        // Every image once an epoch, in another order (and with other crops) the next epoch.
        Assert.Equal(Enumerable.Range(0, 3).SelectMany(c => Enumerable.Repeat(c, 6)),
            first.SelectMany(b => b.Labels).Order());
        var next = one.Epoch(seed: 5, epoch: 1, batchSize: 4).ToList();
        Assert.NotEqual(first.SelectMany(b => b.Pixels), next.SelectMany(b => b.Pixels));
        // The evaluation view in file order is the in-memory decode's.
        var evaluation = one.Epoch(seed: 5, epoch: 0, batchSize: 5, shuffle: false).ToList();
        var decoded = FolderSplitDecoder.Decode(index.Train, index.ClassNames, preprocessing);
        Assert.Equal(decoded.Pixels, evaluation.SelectMany(b => b.Pixels));
        Assert.Equal(decoded.Labels.Select(l => (int)l), evaluation.SelectMany(b => b.Labels));
    }

    [Fact]
    public void RandomResizedCropsStayInsideTheImageWithinTheScaleAndRatioRanges()
    {
        var random = new Random(3);
        for (var i = 0; i < 2_000; i++)
        {
            var crop = ImagePreprocessing.RandomCrop(500, 375, random);
            Assert.True(crop.Left >= 0 && crop.Top >= 0 && crop.Right <= 500 && crop.Bottom <= 375, $"{crop}");
            var scale = crop.Width * crop.Height / (500.0 * 375);
            Assert.InRange(scale, 0.07, 1.0);
            Assert.InRange(crop.Width / crop.Height, 0.74, 1.35);
        }
    }

    [Fact]
    public void MemoryStaysFlatOnAFolderLargerThanTheLimit()
    {
        // 360 images of 224x224 decode to 54 MB; streaming them must hold under 16 MB of live memory.
        const long limit = 16L << 20;
        var root = TestData.NewScratchFolder();
        try
        {
            var folder = Path.Combine(root, "train", "class_0");
            Directory.CreateDirectory(folder);
            ImageFolders.WriteImage(Path.Combine(folder, "img_000.jpg"), 256, 256, 1, 0);
            for (var i = 1; i < 360; i++)
                File.Copy(Path.Combine(folder, "img_000.jpg"), Path.Combine(folder, $"img_{i:D3}.jpg"));
            var files = Directory.GetFiles(folder).Select(f => new LabelledFile(f, 0)).ToArray();
            var split = new StreamedSplit(files, ["class_0"], ImagePreprocessing.For(224), workers: 2,
                prefetchBatches: 2);
            var decodedBytes = (long)files.Length * split.Preprocessing.ImageBytes;
            Assert.True(decodedBytes > 3 * limit, $"the folder decodes to {decodedBytes} bytes");
            var baseline = GC.GetTotalMemory(forceFullCollection: true);
            var peak = 0L;
            var streamed = 0L;
            var batches = 0;
            foreach (var batch in split.Epoch(seed: 1, epoch: 0, batchSize: 16))
            {
                streamed += batch.Pixels.LongLength;
                if (++batches % 5 == 0) peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
            Assert.Equal(decodedBytes, streamed);
            Assert.InRange(peak, 0, limit);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
