using RobustGrid.Data.Catalog;
using RobustGrid.Data.Readers;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Weather;

/// <summary>
/// The five frost photographs the reference draws from (np.random.randint(5) picks frost1..frost5; frost6 ships but is
/// never used), shrunk as cv2.resize(fx = fy = scale, INTER_LINEAR) does with OpenCV's 11-bit fixed-point weights. At
/// CIFAR's 0.2 every output pixel lands exactly on source pixel 5k + 2 (weights 0 and 1), a strided pick; ImageNet's
/// script uses the photographs unresized.
/// </summary>
public sealed class FrostTextures
{
    public static readonly IReadOnlyList<string> FileNames =
        ["frost1.png", "frost2.png", "frost3.png", "frost4.jpg", "frost5.jpg"];

    private FrostTextures(string folder, double scale, byte[][] pixels, (int Height, int Width)[] sizes)
    {
        Folder = folder;
        Scale = scale;
        Pixels = pixels;
        Sizes = sizes;
    }

    public string Folder { get; }

    public double Scale { get; }

    /// <summary>Each texture after the resize, RGB, H×W×3.</summary>
    public IReadOnlyList<byte[]> Pixels { get; }

    public IReadOnlyList<(int Height, int Width)> Sizes { get; }

    /// <summary>Loads from <paramref name="folder"/>, or the <c>frost</c> asset on the data search path when
    /// null, resized by <paramref name="scale"/>.</summary>
    public static FrostTextures Load(string? folder = null, double scale = 0.2)
    {
        folder ??= DataSearchPath.Default().FindAsset("frost",
            "The frost corruption needs frost1.png … frost5.jpg from hendrycks/robustness (ImageNet-C/create_c). " +
            "Put them in ../shared/datasets/frost/, under $ROBUSTGRID_DATA/frost/, or name the folder explicitly.");
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"frost texture folder '{folder}' does not exist");
        var missing = FileNames.Where(f => !File.Exists(Path.Combine(folder, f))).ToArray();
        if (missing.Length > 0)
            throw new FileNotFoundException(
                $"frost texture folder '{folder}' lacks {string.Join(", ", missing)} (frost1.png … frost5.jpg are " +
                $"needed)");

        var pixels = new byte[FileNames.Count][];
        var sizes = new (int, int)[FileNames.Count];
        for (var t = 0; t < FileNames.Count; t++)
        {
            var encoded = File.ReadAllBytes(Path.Combine(folder, FileNames[t]));
            var (h, w) = ImageDecoder.ReadSize(encoded, FileNames[t]);
            var full = new byte[h * w * 3];
            ImageDecoder.DecodeInto(encoded, FileNames[t], h, w, 3, full);
            (pixels[t], sizes[t]) = scale == 1 ? (full, (h, w)) : OpenCvLinearResize.Shrink(full, h, w, scale);
        }
        return new FrostTextures(folder, scale, pixels, sizes);
    }

    /// <summary>All textures in one zero-padded float tensor [T, 3, Hmax, Wmax] on <paramref name="device"/>.</summary>
    internal Tensor Stacked(Device device)
    {
        var hMax = Sizes.Max(s => s.Height);
        var wMax = Sizes.Max(s => s.Width);
        var buffer = new float[Sizes.Count * 3 * hMax * wMax];
        for (var t = 0; t < Sizes.Count; t++)
        {
            var (h, w) = Sizes[t];
            for (var i = 0; i < h; i++)
                for (var j = 0; j < w; j++)
                    for (var c = 0; c < 3; c++)
                        buffer[((t * 3 + c) * hMax + i) * wMax + j] = Pixels[t][(i * w + j) * 3 + c];
        }
        return tensor(buffer, [Sizes.Count, 3, hMax, wMax], device: device);
    }
}
