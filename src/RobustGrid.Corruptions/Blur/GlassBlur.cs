using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Tables;
using RobustGrid.Corruptions.Primitives;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Blur;

/// <summary>
/// Gaussian blur, truncation to uint8, local pixel shuffling, Gaussian blur again.
/// <para>
/// The reference "swap" <c>x[h, w], x[h', w'] = x[h', w'], x[h, w]</c> acts on numpy views of RGB pixels, so it is
/// really a copy: x[h, w] ← x[h', w'] and x[h', w'] keeps its value (checked with numpy 1.24). Offsets come from
/// randint(−d, d), i.e. −d … d − 1, and h, w run from size − d down to d + 1. With d = 1 (every CIFAR severity) the
/// offsets are −1 or 0, so each source pixel is visited later in that descending scan and still holds its value from
/// before this iteration: one iteration is a parallel gather, new[h, w] = old[h+dy, w+dx]. With d ≥ 2 (Tiny-ImageNet,
/// ImageNet) a source may already have been overwritten earlier in the scan; then the pixel takes that source's new
/// value, which is resolved by following the chain of such sources (pointer doubling) before the gather.
/// </para>
/// </summary>
public sealed class GlassBlur(CorruptionTable table) : ICorruption
{
    private readonly (double Sigma, int MaxDelta, int Iterations)[] _parameters = table.GlassBlur;

    public string Name => "glass_blur";
    public CorruptionFamily Family => CorruptionFamily.Blur;
    public bool IsBenchmark => true;
    public bool IsRandom => true;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        var (sigma, maxDelta, iterations) = Severity.Pick(_parameters, severity);
        using var scope = NewDisposeScope();
        var (n, c, h, w) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3]);
        var blurred = GaussianFilter.Apply(Pixels.ToUnit(images), sigma).mul_(255).floor_();
        for (var i = 0; i < iterations; i++)
        {
            var dy = randint(-maxDelta, maxDelta, [n, h, w], ScalarType.Int64, images.device, generator: generator);
            var dx = randint(-maxDelta, maxDelta, [n, h, w], ScalarType.Int64, images.device, generator: generator);
            blurred = Shuffle(blurred, dy, dx, maxDelta);
        }
        return GaussianFilter.Apply(blurred.div_(255), sigma).clamp_(0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// One iteration of the reference's scan over [N, C, H, W] pixels with the offsets it drew at each position
    /// (<paramref name="dy"/>, <paramref name="dx"/>: [N, H, W] in −d … d − 1; those outside the scanned area are
    /// ignored).
    /// </summary>
    internal static Tensor Shuffle(Tensor pixels, Tensor dy, Tensor dx, int maxDelta)
    {
        using var scope = NewDisposeScope();
        var (n, c, h, w) = (pixels.shape[0], pixels.shape[1], pixels.shape[2], pixels.shape[3]);
        var rows = arange(h, dtype: ScalarType.Int64, device: pixels.device).reshape(1, h, 1);
        var cols = arange(w, dtype: ScalarType.Int64, device: pixels.device).reshape(1, 1, w);
        var inside = Scanned(rows, cols, h, w, maxDelta);
        var insideSteps = inside.to_type(ScalarType.Int64);
        var sourceRow = IndexMath.Plus(rows, dy * insideSteps);
        var sourceCol = IndexMath.Plus(cols, dx * insideSteps);
        var source = IndexMath.Plus(sourceRow * w, sourceCol).reshape(n, h * w);
        if (maxDelta > 1)
        {
            var scannedFirst = inside & Scanned(sourceRow, sourceCol, h, w, maxDelta)
                & ((sourceRow > rows) | ((sourceRow == rows) & (sourceCol > cols)));
            source = ResolveChains(source, scannedFirst.reshape(n, h * w).logical_not());
        }
        var flat = pixels.reshape(n, c, h * w).gather(2, source.reshape(n, 1, h * w).expand(n, c, h * w));
        return flat.reshape(n, c, h, w).MoveToOuterDisposeScope();
    }

    /// <summary>The pixels the reference's loops visit: rows and columns d + 1 … size − d.</summary>
    private static Tensor Scanned(Tensor row, Tensor col, long h, long w, int maxDelta) =>
        (row > maxDelta) & (row < h - maxDelta + 1) & (col > maxDelta) & (col < w - maxDelta + 1);

    /// <summary>
    /// Where a pixel's source was itself overwritten first (<paramref name="final"/> false), follow the sources until
    /// one that still held its old value: afterwards every entry indexes the old image.
    /// </summary>
    private static Tensor ResolveChains(Tensor source, Tensor final)
    {
        using var scope = NewDisposeScope();
        // Each round halves every chain; chains are shorter than the image, so this ends well within 64 rounds.
        for (var round = 0; round < 64 && !final.all().item<bool>(); round++)
        {
            var nextSource = source.gather(1, source);
            var nextFinal = final.gather(1, source);
            source = where(final, source, nextSource);
            final = final | nextFinal;
        }
        return source.MoveToOuterDisposeScope();
    }
}
