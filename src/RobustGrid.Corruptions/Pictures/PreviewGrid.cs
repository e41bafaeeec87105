using RobustGrid.Corruptions.Core;
using SkiaSharp;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Pictures;

/// <summary>
/// One image under every corruption (rows, in registry order) and severity (columns 1..5), with the clean image in
/// the first column, labelled, as a PNG. Images are scaled up with nearest-neighbour so pixels stay honest.
/// </summary>
public static class PreviewGrid
{
    public static void Render(CorruptionEngine engine, byte[] image, int height, int width, int channels, string path,
        long seed = 0, int scale = 4, string? title = null)
    {
        var names = engine.Registry.All.Select(c => c.Name).ToArray();
        var cell = Math.Max(height, width) * scale;
        const int gap = 6;
        const int labelWidth = 170;
        const int header = 52;
        var columns = 1 + Severity.Max;
        var totalWidth = labelWidth + columns * (cell + gap) + gap;
        var totalHeight = header + names.Length * (cell + gap) + gap;
        using var bitmap = new SKBitmap(totalWidth, totalHeight);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var titleFont = Canvas.Font(16);
        using var labelFont = Canvas.Font(13);
        canvas.DrawText(title ?? $"RobustGrid corruptions (seed {seed})", gap, 20, titleFont, ink);
        string[] headings = ["clean", "s1", "s2", "s3", "s4", "s5"];
        for (var col = 0; col < columns; col++)
            canvas.DrawText(headings[col], labelWidth + col * (cell + gap) + cell / 2f - 10, header - 8, labelFont,
                ink);

        using var input = tensor(image, [1, height, width, channels]);
        for (var row = 0; row < names.Length; row++)
        {
            var top = header + row * (cell + gap);
            var benchmark = engine.Registry.Get(names[row]).IsBenchmark;
            canvas.DrawText(names[row] + (benchmark ? "" : " *"), gap, top + cell / 2f + 5, labelFont, ink);
            Canvas.DrawImage(canvas, image, height, width, channels, SKRect.Create(labelWidth, top, cell, cell));
            foreach (var severity in Severity.All)
            {
                using var corrupted = engine.Corrupt(input, names[row], severity, seed);
                var left = labelWidth + severity * (cell + gap);
                Canvas.DrawImage(canvas, corrupted.data<byte>().ToArray(), height, width, channels,
                    SKRect.Create(left, top, cell, cell));
            }
        }
        Canvas.SavePng(bitmap, path);
    }
}
