using System.Globalization;
using RobustGrid.Corruptions.Metrics;
using SkiaSharp;

namespace RobustGrid.Corruptions.Pictures;

/// <summary>
/// The error matrix of a report as a heatmap PNG: corruptions down, severities across, each cell coloured from white
/// (0 % error) through yellow and orange to dark red (100 %) and printed with its percentage; clean error and mCE in
/// the title. The scale is absolute, so heatmaps of different models compare by eye.
/// </summary>
public static class ErrorHeatmap
{
    public static void Render(RobustnessReport report, string path)
    {
        const int cellW = 78, cellH = 26, labelWidth = 170, header = 70, gap = 2, legendHeight = 40;
        var rows = report.Corruptions.Count;
        var width = labelWidth + 5 * (cellW + gap) + 20;
        var height = header + rows * (cellH + gap) + legendHeight + 10;
        using var bitmap = new SKBitmap(width, height);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var titleFont = Canvas.Font(15);
        using var font = Canvas.Font(13);
        canvas.DrawText($"{report.Model}: error by corruption and severity", 8, 20, titleFont, ink);
        canvas.DrawText(
            $"clean {Pct(report.CleanError)}, mCE {Pct(report.MeanCorruptionError)} (15 benchmark corruptions)", 8, 40,
            font, ink);
        for (var s = 0; s < 5; s++)
            canvas.DrawText($"s{s + 1}", labelWidth + s * (cellW + gap) + cellW / 2f - 8, header - 8, font, ink);

        using var fill = new SKPaint { Style = SKPaintStyle.Fill };
        for (var r = 0; r < rows; r++)
        {
            var c = report.Corruptions[r];
            var top = header + r * (cellH + gap);
            canvas.DrawText(c.Corruption + (c.IsBenchmark ? "" : " *"), 8, top + cellH / 2f + 5, font, ink);
            for (var s = 0; s < 5; s++)
            {
                var error = c.Errors[s];
                fill.Color = ColourOf(error);
                var rect = SKRect.Create(labelWidth + s * (cellW + gap), top, cellW, cellH);
                canvas.DrawRect(rect, fill);
                using var text = new SKPaint
                {
                    Color = error > 0.55 ? SKColors.White : SKColors.Black,
                    IsAntialias = true,
                };
                canvas.DrawText(Pct(error), rect.MidX - 20, rect.MidY + 5, font, text);
            }
        }

        // Legend: the colour scale from 0 to 100 %.
        var legendTop = header + rows * (cellH + gap) + 12;
        for (var i = 0; i < 5 * (cellW + gap); i++)
        {
            fill.Color = ColourOf(i / (5.0 * (cellW + gap)));
            canvas.DrawRect(SKRect.Create(labelWidth + i, legendTop, 1, 12), fill);
        }
        canvas.DrawText("0 %", labelWidth, legendTop + 27, font, ink);
        canvas.DrawText("100 %", labelWidth + 5 * (cellW + gap) - 40, legendTop + 27, font, ink);
        canvas.DrawText("* extra", 8, legendTop + 12, font, ink);
        Canvas.SavePng(bitmap, path);
    }

    /// <summary>White → yellow → orange → dark red as the error goes 0 → 1.</summary>
    internal static SKColor ColourOf(double error)
    {
        var t = Math.Clamp(error, 0, 1);
        (double R, double G, double B)[] stops =
            [(255, 255, 255), (255, 230, 120), (245, 140, 50), (200, 40, 30), (110, 0, 20)];
        var position = t * (stops.Length - 1);
        var i = Math.Min((int)position, stops.Length - 2);
        var f = position - i;
        byte Lerp(double a, double b) => (byte)Math.Round(a + (b - a) * f);
        return new SKColor(Lerp(stops[i].R, stops[i + 1].R), Lerp(stops[i].G, stops[i + 1].G),
            Lerp(stops[i].B, stops[i + 1].B));
    }

    private static string Pct(double value) => double.IsNaN(value) ? "n/a"
        : (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";
}
