using RobustGrid.Data.Cache;
using RobustGrid.Data.Catalog;
using RobustGrid.Data.Folders;
using RobustGrid.Data.Readers;
using RobustGrid.Tests.Shared;
using SkiaSharp;

namespace RobustGrid.Data.Tests;

/// <summary>Folders with more classes than a byte counts, as ImageNet's 1,000.</summary>
public sealed class ManyClassFolderTests
{
    private const int Classes = 300;
    private const int Side = 8;

    /// <summary>A WordNet-style id whose ordinal order is the class order.</summary>
    private static string ClassName(int label) => $"n{label:D8}";

    /// <summary>Writes <c>split/class/*.png</c> with one flat image per class whose red and green bytes spell the
    /// class index, so a decoded image names its class whatever label the reader gave it.</summary>
    private static void Write(string root, params string[] splits)
    {
        foreach (var split in splits)
        {
            for (var c = 0; c < Classes; c++)
            {
                var folder = Path.Combine(root, split, ClassName(c));
                Directory.CreateDirectory(folder);
                using var bitmap = new SKBitmap(Side, Side);
                bitmap.Erase(new SKColor((byte)(c >> 8), (byte)(c & 0xff), 99));
                ImageFolders.Save(bitmap, Path.Combine(folder, $"{split}_{c}.png"));
            }
        }
    }

    private static void AssertEveryClassReadsBack(ImageSet set)
    {
        Assert.Equal(Enumerable.Range(0, Classes).Select(ClassName), set.ClassNames);
        Assert.Equal(Classes, set.Count);
        Assert.Equal(Enumerable.Range(0, Classes), set.Labels.Order());
        for (var i = 0; i < set.Count; i++)
        {
            var pixel = set.Pixels.AsSpan(i * set.ImageBytes, 3);
            Assert.Equal(pixel[0] << 8 | pixel[1], set.Labels[i]);
        }
    }

    [Fact]
    public void AnImageNetLayoutFolderOfThreeHundredClassesLoadsAndReloadsFromTheCache()
    {
        var root = TestData.NewScratchFolder();
        Write(root, "train", "val");
        var cacheFolder = TestData.NewScratchFolder();
        var catalog = new DatasetCatalog(new DataSearchPath([]), new ImageSetCache(cacheFolder),
            new DatasetRegistry(Path.Combine(TestData.NewScratchFolder(), DatasetRegistry.FileName)));
        var decoded = catalog.Load("folder:" + root);
        Assert.Equal(ImageFolderIndex.ImageNetLayout, decoded.Format);
        AssertEveryClassReadsBack(decoded.Train);
        AssertEveryClassReadsBack(decoded.Test);
        Assert.Single(Directory.GetFiles(cacheFolder, "*.rgds"));
        var cached = catalog.Load("folder:" + root);
        AssertEveryClassReadsBack(cached.Test);
        Assert.Equal(decoded.Test.Labels, cached.Test.Labels);
    }

    [Fact]
    public void TheImageFolderReaderTakesThreeHundredClasses()
    {
        var root = TestData.NewScratchFolder();
        Write(root, "test");
        AssertEveryClassReadsBack(ImageFolderReader.Read(root, ["test"])["test"]);
    }

    [Fact]
    public void ACacheEntryOfAnotherFormatVersionIsDecodedAgain()
    {
        var root = TestData.NewScratchFolder();
        ImageFolders.Write(root, ["train", "test"], classes: 3, perClass: 2, 8, 8);
        var cacheFolder = TestData.NewScratchFolder();
        var catalog = new DatasetCatalog(new DataSearchPath([]), new ImageSetCache(cacheFolder),
            new DatasetRegistry(Path.Combine(TestData.NewScratchFolder(), DatasetRegistry.FileName)));
        var first = catalog.Load("folder:" + root);
        var entry = Assert.Single(Directory.GetFiles(cacheFolder, "*.rgds"));
        // The version byte follows "RGDS"; an entry from another version must not be read as this one.
        var bytes = File.ReadAllBytes(entry);
        var version = bytes[4];
        bytes[4] = (byte)(version - 1);
        File.WriteAllBytes(entry, bytes);
        var again = catalog.Load("folder:" + root);
        Assert.Equal(first.Train.Labels, again.Train.Labels);
        Assert.Equal(first.Test.Pixels, again.Test.Pixels);
        Assert.Equal(version, File.ReadAllBytes(entry)[4]);
    }
}
