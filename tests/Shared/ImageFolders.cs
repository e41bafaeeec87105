using System.Runtime.InteropServices;
using SkiaSharp;

namespace RobustGrid.Tests.Shared;

/// <summary>Writes small image-folder datasets whose every image's class can be told from its pixels.</summary>
internal static class ImageFolders
{
    /// <summary>The colour class <paramref name="label"/> fills its images with: far apart for up to 8
    /// classes.</summary>
    public static (byte R, byte G, byte B) ClassColour(int label) =>
        ((byte)((label & 1) * 200 + 30), (byte)(((label >> 1) & 1) * 200 + 30), (byte)(((label >> 2) & 1) * 200 + 30));

    /// <summary>
    /// Writes <c>split/class_k/img_i.ext</c> for each split, <paramref name="perClass"/> images per class of
    /// <paramref name="width"/>×<paramref name="height"/>: the class's colour with a faint per-image gradient, so
    /// images differ and JPEG keeps the colour.
    /// </summary>
    public static void Write(string root, IEnumerable<string> splits, int classes, int perClass, int width,
        int height, string extension = "png")
    {
        foreach (var split in splits)
        {
            for (var c = 0; c < classes; c++)
            {
                var folder = Path.Combine(root, split, ClassName(c));
                Directory.CreateDirectory(folder);
                for (var i = 0; i < perClass; i++)
                    WriteImage(Path.Combine(folder, $"img_{i:D3}.{extension}"), width, height, c, i);
            }
        }
    }

    public static string ClassName(int label) => $"class_{label}";

    public static void WriteImage(string path, int width, int height, int label, int variant)
    {
        var (r, g, b) = ClassColour(label);
        var rgba = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var shade = (x + y + variant) % 16;
                var p = 4 * (y * width + x);
                (rgba[p], rgba[p + 1], rgba[p + 2], rgba[p + 3]) =
                    ((byte)(r + shade), (byte)(g + shade), (byte)(b + shade), 255);
            }
        }
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        Save(bitmap, path);
    }

    public static void Save(SKBitmap bitmap, string path)
    {
        var format = path.EndsWith(".png", StringComparison.OrdinalIgnoreCase) ? SKEncodedImageFormat.Png
            : SKEncodedImageFormat.Jpeg;
        using var data = bitmap.Encode(format, 95);
        File.WriteAllBytes(path, data.ToArray());
    }
}
