using RobustGrid.Data.Cache;
using RobustGrid.Data.Catalog;
using RobustGrid.Data.Folders;
using RobustGrid.Data.Preprocessing;
using RobustGrid.Tests.Shared;
using SkiaSharp;

namespace RobustGrid.Data.Tests;

public sealed class ImageFolderDatasetTests
{
    private static DatasetCatalog Catalog(DatasetRegistry? registry = null) =>
        new(new DataSearchPath([]), new ImageSetCache(TestData.NewScratchFolder()),
            registry ?? new DatasetRegistry(Path.Combine(TestData.NewScratchFolder(), DatasetRegistry.FileName)));

    [Fact]
    public void A64PixelFolderLoadsAsItIsWithBalancedPrefixes()
    {
        var root = TestData.NewScratchFolder();
        ImageFolders.Write(root, ["train", "test"], classes: 4, perClass: 3, 64, 64);
        var splits = Catalog().Load("folder:" + root);
        Assert.Equal(ImageFolderIndex.ImageFolderLayout, splits.Format);
        Assert.Null(splits.TrainStream);
        Assert.Equal((12, 12, 64, 64), (splits.Train.Count, splits.Test.Count, splits.Train.Height, splits.Test.Width));
        Assert.Equal(Enumerable.Range(0, 4).Select(ImageFolders.ClassName), splits.Train.ClassNames);
        Assert.Equal([0, 1, 2, 3, 0, 1, 2, 3], splits.Test.Labels[..8]);
        // PNG is lossless and the size is native: pixel (x, y) of image img_000 is the colour plus (x + y) % 16.
        var (r, g, b) = ImageFolders.ClassColour(2);
        var image = splits.Test.Pixels.AsSpan(2 * 64 * 64 * 3, 64 * 64 * 3);
        Assert.Equal(new[] { r + 5, g + 5, b + 5 }, new[] { image[3 * (2 * 64 + 3)], image[3 * (2 * 64 + 3) + 1],
            image[3 * (2 * 64 + 3) + 2] }.Select(v => (int)v));
    }

    [Fact]
    public void LargeImagesAreEvaluatedAtTheImageNetCentreCrop()
    {
        // A horizontal ramp 512 wide, 400 high: resized to 256 on the shorter side (scale 0.64) the image is
        // 327.68 wide; its centre 224 columns are source columns 81 to 431.
        var root = TestData.NewScratchFolder();
        foreach (var split in new[] { "train", "test" })
        {
            var folder = Path.Combine(root, split, "ramp");
            Directory.CreateDirectory(folder);
            using var bitmap = new SKBitmap(new SKImageInfo(512, 400, SKColorType.Rgba8888, SKAlphaType.Unpremul));
            for (var y = 0; y < 400; y++)
                for (var x = 0; x < 512; x++)
                    bitmap.SetPixel(x, y, new SKColor((byte)(x / 2), (byte)(y * 255 / 399), 0));
            ImageFolders.Save(bitmap, Path.Combine(folder, "ramp.png"));
        }
        var splits = Catalog().Load("folder:" + root);
        Assert.NotNull(splits.TrainStream);
        Assert.Equal((224, 224), (splits.Test.Height, splits.Test.Width));
        var pixels = splits.Test.Pixels;
        foreach (var column in new[] { 0, 50, 112, 223 })
        {
            var sourceX = 256 - 175 + (column + 0.5) * 350.0 / 224 - 0.5;
            Assert.InRange(pixels[3 * (112 * 224 + column)], sourceX / 2 - 2, sourceX / 2 + 2);
        }
        foreach (var row in new[] { 0, 223 })
        {
            var sourceY = 200 - 175 + (row + 0.5) * 350.0 / 224 - 0.5;
            Assert.InRange(pixels[3 * (row * 224 + 100) + 1], sourceY * 255 / 399 - 2, sourceY * 255 / 399 + 2);
        }
    }

    [Fact]
    public void ALargeFolderKeepsItsTestSplitOnDiskDecodedOnceAndReadInRanges()
    {
        var root = TestData.NewScratchFolder();
        ImageFolders.Write(root, ["train", "test"], classes: 3, perClass: 4, 120, 100, "jpg");
        var cache = TestData.NewScratchFolder();
        var catalog = new DatasetCatalog(new DataSearchPath([]), new ImageSetCache(cache),
            new DatasetRegistry(Path.Combine(TestData.NewScratchFolder(), DatasetRegistry.FileName)));
        var test = Assert.IsType<ImageSetFile>(catalog.Load("folder:" + root).TestImages);
        var index = ImageFolderIndex.Read(root);
        var decoded = FolderSplitDecoder.Decode(index.Test, index.ClassNames, ImagePreprocessing.For(224));
        Assert.Equal((12, 224, 224, 3), (test.Count, test.Height, test.Width, test.Channels));
        Assert.Equal(decoded.Labels, test.Labels);
        Assert.Equal(decoded.Pixels, test.Load().Pixels);
        Assert.Equal(decoded.Slice(5, 4).Pixels, test.Slice(5, 4).Pixels);
        Assert.Equal(decoded.Slice(10, 1).Pixels, test.Take(11).Slice(10, 4).Pixels);
        Assert.Equal(decoded.Labels[..7], test.Take(7).Labels);
        // The next load reads the entry as it is; a damaged entry is decoded again.
        var entry = Assert.Single(Directory.GetFiles(cache));
        var (length, written) = (new FileInfo(entry).Length, File.GetLastWriteTimeUtc(entry));
        Assert.Equal(decoded.Pixels, catalog.Load("folder:" + root).TestImages.Load().Pixels);
        Assert.Equal(written, File.GetLastWriteTimeUtc(entry));
        using (var stream = File.OpenWrite(entry)) stream.SetLength(length - 10);
        Assert.Equal(decoded.Pixels, catalog.Load("folder:" + root).Test.Pixels);
        Assert.Equal(length, new FileInfo(entry).Length);
    }

    [Fact]
    public void TinyImageNetLayoutTakesValidationLabelsFromItsAnnotations()
    {
        var root = TestData.NewScratchFolder();
        var wnids = new[] { "n01443537", "n01629819", "n01641577" };
        for (var c = 0; c < wnids.Length; c++)
        {
            var images = Path.Combine(root, "train", wnids[c], "images");
            Directory.CreateDirectory(images);
            for (var i = 0; i < 2; i++)
                ImageFolders.WriteImage(Path.Combine(images, $"{wnids[c]}_{i}.JPEG"), 64, 64, c, i);
        }
        Directory.CreateDirectory(Path.Combine(root, "val", "images"));
        var annotations = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var label = (i * 2) % 3;
            ImageFolders.WriteImage(Path.Combine(root, "val", "images", $"val_{i}.JPEG"), 64, 64, label, i);
            annotations.Add($"val_{i}.JPEG\t{wnids[label]}\t0\t0\t63\t63");
        }
        File.WriteAllLines(Path.Combine(root, "val", "val_annotations.txt"), annotations);
        var splits = Catalog().Load("folder:" + root);
        Assert.Equal(ImageFolderIndex.TinyImageNetLayout, splits.Format);
        Assert.Equal(wnids, splits.Train.ClassNames);
        Assert.Equal((6, 6, 64), (splits.Train.Count, splits.Test.Count, splits.Test.Height));
        // Each validation image's colour (JPEG keeps it within a few levels) is its annotated class's.
        for (var i = 0; i < splits.Test.Count; i++)
        {
            var (r, g, _) = ImageFolders.ClassColour(splits.Test.Labels[i]);
            var centre = i * 64 * 64 * 3 + 3 * (32 * 64 + 32);
            Assert.InRange(splits.Test.Pixels[centre], r - 12, r + 24);
            Assert.InRange(splits.Test.Pixels[centre + 1], g - 12, g + 24);
        }
    }

    [Fact]
    public void ImageNetLayoutHasAValidationSplitBesideTrain()
    {
        var root = TestData.NewScratchFolder();
        ImageFolders.Write(root, ["train", "val"], classes: 3, perClass: 2, 300, 240, "JPEG");
        var index = ImageFolderIndex.Read(root);
        Assert.Equal(ImageFolderIndex.ImageNetLayout, index.Layout);
        Assert.Equal((6, 6), (index.Train.Count, index.Test.Count));
        Assert.All(index.Test, f => Assert.EndsWith(
            Path.Combine(ImageFolders.ClassName(f.Label), Path.GetFileName(f.Path)), f.Path));
    }

    [Fact]
    public void AFolderWithoutALayoutIsAClearError()
    {
        var root = TestData.NewScratchFolder();
        ImageFolders.Write(root, ["training"], classes: 2, perClass: 1, 32, 32);
        var error = Assert.Throws<DataFormatException>(() => Catalog().Load("folder:" + root));
        Assert.Contains("no 'train' folder", error.Message);
    }

    [Fact]
    public void RegisteredFoldersLoadByNameAtTheirRegisteredSize()
    {
        var root = TestData.NewScratchFolder();
        ImageFolders.Write(root, ["train", "test"], classes: 2, perClass: 2, 48, 40);
        var registry = new DatasetRegistry(Path.Combine(TestData.NewScratchFolder(), DatasetRegistry.FileName));
        registry.Add("shapes", root, imageSize: 32);
        var reread = new DatasetRegistry(registry.File);
        Assert.Equal(new RegisteredDataset("shapes", root, 32), Assert.Single(reread.List()));
        var splits = Catalog(reread).Load("shapes");
        Assert.Equal((32, 32, 4), (splits.Train.Height, splits.Train.Width, splits.Test.Count));
        Assert.Contains("built-in",
            Assert.Throws<ArgumentException>(() => registry.Add("cifar10", root, null)).Message);
        Assert.Contains("lower-case",
            Assert.Throws<ArgumentException>(() => registry.Add("../x", root, null)).Message);
        Assert.Throws<DirectoryNotFoundException>(() => registry.Add("gone", Path.Combine(root, "gone"), null));
        Assert.Contains("dataset: unknown 'unregistered'",
            Assert.Throws<ArgumentException>(() => Catalog(reread).Load("unregistered")).Message);
    }
}
