using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Primitives;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Blur;

/// <summary>
/// Gaussian blur, truncation to uint8, local pixel shuffling, Gaussian blur again.
/// <para>
/// The reference "swap" <c>x[h, w], x[h', w'] = x[h', w'], x[h, w]</c> acts on numpy views of RGB pixels, so it is
/// really a copy: x[h, w] ← x[h', w'] and x[h', w'] keeps its value (checked with numpy 1.24). With max_delta 1,
/// randint(−1, 1) draws offsets in {−1, 0} only, and h, w run from 31 down to 2, so each source pixel (h+dy, w+dx) is
/// visited later than (h, w) in that descending scan and still holds its value from before this iteration. One
/// iteration is therefore exactly a parallel gather, new[h, w] = old[h+dy, w+dx], which is what runs here.
/// </para>
/// </summary>
public sealed class GlassBlur : ICorruption
{
    private static readonly (double Sigma, int MaxDelta, int Iterations)[] Parameters =
        [(0.05, 1, 1), (0.25, 1, 1), (0.4, 1, 1), (0.25, 1, 2), (0.4, 1, 2)];

    public string Name => "glass_blur";
    public CorruptionFamily Family => CorruptionFamily.Blur;
    public bool IsBenchmark => true;
    public bool IsRandom => true;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        var (sigma, maxDelta, iterations) = Severity.Pick(Parameters, severity);
        // The gather equivalence above needs non-positive offsets; every CIFAR severity uses max_delta 1.
        if (maxDelta != 1) throw new NotSupportedException("glass blur is only exact as a gather for max_delta 1");
        using var scope = NewDisposeScope();
        var (n, c, h, w) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3]);
        var blurred = GaussianFilter.Apply(Pixels.ToUnit(images), sigma).mul_(255).floor_();
        var flat = blurred.reshape(n, c, h * w);
        var rows = arange(h, dtype: ScalarType.Int64, device: images.device).reshape(1, h, 1);
        var cols = arange(w, dtype: ScalarType.Int64, device: images.device).reshape(1, 1, w);
        // The scan covers rows and columns max_delta+1 .. size−max_delta, i.e. 2..31 on 32 pixels.
        var inside = ((rows > maxDelta) & (rows < h - maxDelta + 1) & (cols > maxDelta) & (cols < w - maxDelta + 1))
            .to_type(ScalarType.Int64);
        for (var i = 0; i < iterations; i++)
        {
            var dy = randint(-maxDelta, maxDelta, [n, h, w], ScalarType.Int64, images.device, generator: generator);
            var dx = randint(-maxDelta, maxDelta, [n, h, w], ScalarType.Int64, images.device, generator: generator);
            var source = IndexMath.Plus(IndexMath.Plus(rows, dy * inside) * w, IndexMath.Plus(cols, dx * inside));
            flat = flat.gather(2, source.reshape(n, 1, h * w).expand(n, c, h * w));
        }
        var shuffled = flat.reshape(n, c, h, w).div_(255);
        return GaussianFilter.Apply(shuffled, sigma).clamp_(0, 1).MoveToOuterDisposeScope();
    }
}
