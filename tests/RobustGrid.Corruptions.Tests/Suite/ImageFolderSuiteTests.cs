using RobustGrid.Corruptions.Suite;
using RobustGrid.Data;
using SkiaSharp;

namespace RobustGrid.Corruptions.Tests.Suite;

public sealed class ImageFolderSuiteTests : IDisposable
{
    private const int Size = 12;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "robustgrid-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    /// <summary>Flat grey level of image <paramref name="index"/> of a class at one corruption and severity.</summary>
    private static byte Level(int corruption, int severity, int index) =>
        (byte)(20 * corruption + 30 * severity + index);

    /// <summary>The published layout: CORRUPTION/SEVERITY/CLASS/*.JPEG, two classes of two images.</summary>
    private string WriteFolder()
    {
        string[] corruptions = ["contrast", "fog"];
        string[] classes = ["n01443537", "n01629819"];
        for (var c = 0; c < corruptions.Length; c++)
            for (var severity = 1; severity <= 5; severity++)
                for (var k = 0; k < classes.Length; k++)
                {
                    var folder = Path.Combine(_root, corruptions[c], severity.ToString(), classes[k]);
                    Directory.CreateDirectory(folder);
                    for (var i = 0; i < 2; i++)
                    {
                        using var bitmap = new SKBitmap(Size, Size);
                        var level = Level(c, severity, 2 * k + i);
                        bitmap.Erase(new SKColor(level, level, level));
                        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 100);
                        File.WriteAllBytes(Path.Combine(folder, $"val_{i}.JPEG"), data.ToArray());
                    }
                }
        return _root;
    }

    [Fact]
    public void ReadsThePublishedImageNetCLayout()
    {
        var suite = PublishedSuite.Open(WriteFolder());
        Assert.IsType<ImageFolderSuite>(suite);
        // The engine's order, whatever the folder listing says.
        Assert.Equal(["fog", "contrast"], suite.Corruptions);
        Assert.Equal([0, 0, 1, 1], suite.Labels);
        Assert.Equal((Size, Size, 3), (suite.Height, suite.Width, suite.Channels));
        foreach (var (corruption, index) in (ValueTuple<string, int>[])[("contrast", 0), ("fog", 1)])
            foreach (var severity in (int[])[1, 5])
            {
                var pixels = suite.Images(corruption, severity);
                Assert.Equal(4 * Size * Size * 3, pixels.Length);
                for (var image = 0; image < 4; image++)
                {
                    var expected = Level(index, severity, image);
                    var block = pixels.AsSpan(image * Size * Size * 3, Size * Size * 3).ToArray();
                    Assert.All(block, v => Assert.InRange(v, expected - 1, expected + 1));
                }
            }
    }

    [Fact]
    public void ASuiteOfThreeHundredClassesLabelsEveryClassFolder()
    {
        // More classes than a byte counts, as ImageNet-C's 1,000; each image's green level and red band spell its
        // class index, so the pixels check the labels.
        const int classes = 300;
        foreach (var severity in (int[])[1, 5])
            for (var k = 0; k < classes; k++)
            {
                var folder = Path.Combine(_root, "fog", severity.ToString(), $"n{k:D8}");
                Directory.CreateDirectory(folder);
                using var bitmap = new SKBitmap(Size, Size);
                bitmap.Erase(new SKColor((byte)(100 * (k >> 8) + 50), (byte)(k & 0xff), 128));
                using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 100);
                File.WriteAllBytes(Path.Combine(folder, "val_0.JPEG"), data.ToArray());
            }
        var suite = PublishedSuite.Open(_root);
        Assert.Equal(Enumerable.Range(0, classes), suite.Labels);
        var pixels = suite.Images("fog", 5);
        for (var i = 0; i < classes; i++)
        {
            var (red, green) = (pixels[i * Size * Size * 3], pixels[i * Size * Size * 3 + 1]);
            Assert.Equal(suite.Labels[i] >> 8, red / 100);
            Assert.InRange(green, (suite.Labels[i] & 0xff) - 1, (suite.Labels[i] & 0xff) + 1);
        }
    }

    [Fact]
    public void AMissingImageInOneSeverityIsNamed()
    {
        var folder = WriteFolder();
        var missing = Path.Combine(folder, "fog", "3", "n01629819", "val_1.JPEG");
        File.Delete(missing);
        var suite = new ImageFolderSuite(folder);
        var error = Assert.Throws<DataFormatException>(() => suite.Images("fog", 3));
        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void AFolderOfNeitherLayoutSaysWhatItExpects()
    {
        Directory.CreateDirectory(Path.Combine(_root, "holiday-photos"));
        var error = Assert.Throws<FileNotFoundException>(() => PublishedSuite.Open(_root));
        Assert.Contains("labels.npy", error.Message);
        Assert.Contains("CORRUPTION/SEVERITY/CLASS", error.Message);
    }
}
