using SkiaSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Pictures;

/// <summary>Writes a batch of images in [0, 1] (N×C×H×W, C = 1 or 3) as one PNG grid, row by row.</summary>
public static class PngGrid
{
    public static void Save(Tensor images, int columns, string path, int scale = 2, int gap = 2)
    {
        using var scope = NewDisposeScope();
        var (n, c, h, w) = ((int)images.shape[0], (int)images.shape[1], (int)images.shape[2], (int)images.shape[3]);
        var rows = (n + columns - 1) / columns;
        var bytes = images.detach().cpu().clamp(0, 1).mul(255).round().to(ScalarType.Byte)
            .permute(0, 2, 3, 1).contiguous().data<byte>().ToArray();
        var cellWidth = w * scale + gap;
        var cellHeight = h * scale + gap;
        using var bitmap = new SKBitmap(columns * cellWidth + gap, rows * cellHeight + gap, SKColorType.Rgba8888,
            SKAlphaType.Opaque);
        bitmap.Erase(new SKColor(96, 96, 96));
        for (var i = 0; i < n; i++)
        {
            var left = gap + i % columns * cellWidth;
            var top = gap + i / columns * cellHeight;
            for (var y = 0; y < h * scale; y++)
                for (var x = 0; x < w * scale; x++)
                {
                    var offset = ((i * h + y / scale) * w + x / scale) * c;
                    var color = c == 1
                        ? new SKColor(bytes[offset], bytes[offset], bytes[offset])
                        : new SKColor(bytes[offset], bytes[offset + 1], bytes[offset + 2]);
                    bitmap.SetPixel(left + x, top + y, color);
                }
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }
}
