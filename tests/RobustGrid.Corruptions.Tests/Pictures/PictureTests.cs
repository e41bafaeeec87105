using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Metrics;
using RobustGrid.Corruptions.Pictures;
using RobustGrid.Corruptions.Tests.Fixtures;
using SkiaSharp;

namespace RobustGrid.Corruptions.Tests.Pictures;

public sealed class PictureTests
{
    [Fact]
    public void PreviewGridShowsTheCleanImageAndCorruptedCells()
    {
        var engine = CorruptionEngine.Default();
        var image = ReferenceFixtures.Input().Data[..3072];
        var path = Path.Combine(Directory.CreateTempSubdirectory("preview-").FullName, "grid.png");
        PreviewGrid.Render(engine, image, 32, 32, 3, path, seed: 0, scale: 2);
        using var bitmap = SKBitmap.Decode(path);
        // 19 rows of 64-pixel cells with 6-pixel gaps under a 52-pixel header.
        Assert.Equal(52 + 19 * (64 + 6) + 6, bitmap.Height);
        // The clean cell of the first row reproduces the image's first pixel.
        var clean = bitmap.GetPixel(170, 52);
        Assert.Equal((image[0], image[1], image[2]), (clean.Red, clean.Green, clean.Blue));
        // Contrast (row 12) at severity 5 differs from the clean image in that row.
        var row = 52 + 11 * 70 + 32;
        Assert.NotEqual(bitmap.GetPixel(170 + 10, row), bitmap.GetPixel(170 + 5 * 70 + 10, row));
    }

    [Fact]
    public void HeatmapColoursGrowDarkerWithError()
    {
        Assert.Equal(SKColors.White, ErrorHeatmap.ColourOf(0));
        var low = ErrorHeatmap.ColourOf(0.2);
        var high = ErrorHeatmap.ColourOf(0.8);
        Assert.True(low.Red + low.Green + low.Blue > high.Red + high.Green + high.Blue);

        var registry = CorruptionRegistry.Default();
        var results = registry.All.Select((c, i) => new CorruptionResult(c.Name, c.Family, c.IsBenchmark,
            [0.1, 0.2, 0.3, 0.5, 0.9], [0, 0, 0, 0, 0])).ToArray();
        var path = Path.Combine(Directory.CreateTempSubdirectory("heatmap-").FullName, "heat.png");
        ErrorHeatmap.Render(
            new RobustnessReport("m", "s", new ClassifierScores(10, 0.95, 0.05, 0.2, 0.01, double.NaN), results), path);
        using var bitmap = SKBitmap.Decode(path);
        // Cell centres of the first row: severity 5 (90 %) is darker than severity 1 (10 %).
        var s1 = bitmap.GetPixel(170 + 5, 70 + 3);
        var s5 = bitmap.GetPixel(170 + 4 * 80 + 5, 70 + 3);
        Assert.True(s1.Red + s1.Green + s1.Blue > s5.Red + s5.Green + s5.Blue, $"{s1} vs {s5}");
    }
}
