using SkiaSharp;

namespace RobustGrid.Corruptions.Pictures;

/// <summary>Shared drawing helpers: a readable font whatever fonts the machine has, and PNG output.</summary>
internal static class Canvas
{
    private static readonly Lazy<SKTypeface> Typeface = new(() =>
    {
        // SkiaSharp's no-dependency native build has no fontconfig; load a TTF from the usual places when present.
        string[] candidates =
        [
            "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
            "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
            "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
            "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        ];
        foreach (var path in candidates)
        {
            if (File.Exists(path) && SKTypeface.FromFile(path) is { } face) return face;
        }
        return SKTypeface.Default;
    });

    public static SKFont Font(float size) => new(Typeface.Value, size);

    public static void SavePng(SKBitmap bitmap, string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }

    /// <summary>Draws an RGB or grey H×W×C uint8 image scaled up with nearest-neighbour (pixels stay
    /// visible).</summary>
    public static void DrawImage(SKCanvas canvas, ReadOnlySpan<byte> pixels, int height, int width, int channels,
        SKRect target)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var p = (y * width + x) * channels;
                var (r, g, b) = channels == 1 ? (pixels[p], pixels[p], pixels[p])
                    : (pixels[p], pixels[p + 1], pixels[p + 2]);
                bitmap.SetPixel(x, y, new SKColor(r, g, b));
            }
        using var image = SKImage.FromBitmap(bitmap);
        using var nearest = new SKPaint { FilterQuality = SKFilterQuality.None, IsAntialias = false };
        canvas.DrawImage(image, target, nearest);
    }
}
