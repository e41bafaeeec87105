using System.Security.Cryptography;
using RobustGrid.Catalog.Seeds;
using RobustGrid.Data;
using RobustGrid.Data.Files;
using RobustGrid.Data.Readers;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Methods.IpMix.MixingSets;

/// <summary>
/// IPMix's mixing set: square pictures of side <c>size</c> (the reference resizes to 36 and random-crops 32 per
/// sample, so size = H + H/8) as a uint8 P×C×size×size tensor. Either the project's procedural fractals, rendered
/// from a seed and cached under ROBUSTGRID_HOME/cache/mixing-sets, or every PNG/JPEG under a folder (shorter side
/// resized to size, centre-cropped). <see cref="Description"/> names which, for the checkpoint.
/// </summary>
public sealed class MixingSet : IDisposable
{
    public const string Fractals = "fractals";

    private MixingSet(Tensor pictures, string description)
    {
        Pictures = pictures;
        Description = description;
    }

    public Tensor Pictures { get; }
    public string Description { get; }
    public int Count => (int)Pictures.shape[0];

    public static int PictureSize(int imageSize) => imageSize + imageSize / 8;

    /// <summary>Fractals (source "fractals") or a folder of images.</summary>
    public static MixingSet Load(string source, int count, long seed, int channels, int size, Device device) =>
        source == Fractals ? FromFractals(count, seed, channels, size, device)
            : FromFolder(source, channels, size, device);

    public static MixingSet FromFractals(int count, long seed, int channels, int size, Device device)
    {
        var folder = Path.Combine(RobustGridPaths.Home, "cache", "mixing-sets");
        var path = Path.Combine(folder, $"fractals-v1-seed{seed}-n{count}-{size}px-{channels}ch.u8");
        var expected = count * size * size * channels;
        byte[] bytes;
        if (File.Exists(path) && new FileInfo(path).Length == expected)
        {
            bytes = File.ReadAllBytes(path);
        }
        else
        {
            bytes = RenderFractals(count, seed, channels, size);
            AtomicFile.Write(path, stream => stream.Write(bytes));
        }
        var digest = Convert.ToHexString(SHA256.HashData(bytes))[..12].ToLowerInvariant();
        return new MixingSet(ToTensor(bytes, count, channels, size, device),
            $"fractals-v1 seed={seed} count={count} size={size} channels={channels} sha256={digest}");
    }

    /// <summary>Renders the set; picture p depends only on (seed, p), so any prefix of a larger set is
    /// identical.</summary>
    public static byte[] RenderFractals(int count, long seed, int channels, int size)
    {
        var bytes = new byte[count * size * size * channels];
        Parallel.For(0, count, p =>
        {
            var random = new SplitMix64(unchecked((ulong)seed * 0x2545F4914F6CDD1DUL + (ulong)p));
            var rgb = FractalRenderer.Render(random, size);
            CopyAs(rgb, channels, bytes.AsSpan(p * size * size * channels, size * size * channels));
        });
        return bytes;
    }

    private static MixingSet FromFolder(string folder, int channels, int size, Device device)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"ipmix: mixing_set '{folder}' is neither '{Fractals}' nor a folder");
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(ImageDecoder.IsImageFile).Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
            throw new ArgumentException($"ipmix: mixing_set folder '{folder}' holds no PNG or JPEG images");
        var bytes = new byte[files.Length * size * size * channels];
        Parallel.For(0, files.Length, i =>
            CopyAs(DecodeSquare(files[i], size), channels,
                bytes.AsSpan(i * size * size * channels, size * size * channels)));
        return new MixingSet(ToTensor(bytes, files.Length, channels, size, device),
            $"folder {Path.GetFullPath(folder)} ({files.Length} images, size={size}, channels={channels})");
    }

    private static byte[] DecodeSquare(string file, int size)
    {
        using var original = SKBitmap.Decode(file)
            ?? throw new ArgumentException($"ipmix: cannot decode mixing picture {file}");
        var scale = (double)size / Math.Min(original.Width, original.Height);
        var (w, h) = (Math.Max(size, (int)Math.Round(original.Width * scale)),
            Math.Max(size, (int)Math.Round(original.Height * scale)));
        using var resized = original.Resize(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Unpremul),
            SKFilterQuality.Medium)
            ?? throw new ArgumentException($"ipmix: cannot resize mixing picture {file}");
        var (x0, y0) = ((w - size) / 2, (h - size) / 2);
        var rgb = new byte[size * size * 3];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var colour = resized.GetPixel(x0 + x, y0 + y);
                rgb[(y * size + x) * 3] = colour.Red;
                rgb[(y * size + x) * 3 + 1] = colour.Green;
                rgb[(y * size + x) * 3 + 2] = colour.Blue;
            }
        }
        return rgb;
    }

    /// <summary>RGB as is, or Pillow's L conversion: (R·19595 + G·38470 + B·7471 + 2^15) >> 16.</summary>
    private static void CopyAs(byte[] rgb, int channels, Span<byte> destination)
    {
        if (channels == 3)
        {
            rgb.CopyTo(destination);
            return;
        }
        for (var p = 0; p < destination.Length; p++)
            destination[p] =
                (byte)((rgb[3 * p] * 19595 + rgb[3 * p + 1] * 38470 + rgb[3 * p + 2] * 7471 + 0x8000) >> 16);
    }

    private static Tensor ToTensor(byte[] bytes, int count, int channels, int size, Device device)
    {
        // Detached from every dispose scope: the set is loaded inside a training step but lives as long as the method.
        using var scope = NewDisposeScope();
        return tensor(bytes, ScalarType.Byte).reshape(count, size, size, channels).permute(0, 3, 1, 2).contiguous()
            .to(device).DetachFromDisposeScope();
    }

    public void Dispose() => Pictures.Dispose();
}
