using System.Collections.Concurrent;
using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Tables;
using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Blur;

/// <summary>
/// (x + Σ_z clipped_zoom(x, z)) / (n + 1) over z in np.arange(1, end, step) from the table. numpy's float arange yields
/// 7, 12, 16, 21 and 26 factors for the CIFAR ends 1.06 … 1.26 (the first two include the end point 1.06 and 1.11), and
/// 1.0 itself is one of them, so x is counted twice. At 32 pixels the whole sum is one precomputed 1024×1024 linear
/// map per severity (one matmul); larger images sum one zoom per factor, each interpolated in float64 in scipy's
/// order and stored in float32 as scipy's zoom does, the sum in float32 as the reference accumulates it.
/// </summary>
public sealed class ZoomBlur(CorruptionTable table) : ICorruption
{
    /// <summary>Up to this side the dense (side²)² map fits in cache-friendly memory (4 MB at 32).</summary>
    private const int DenseMapUpTo = 32;

    private readonly Lazy<double[,]>[] _maps = table.ZoomBlur
        .Select(z => new Lazy<double[,]>(() => BuildMap(table.ImageSize, z.End, z.Step))).ToArray();

    // The float32 map per table, severity and device, built once per process: converting it per chunk costs as much
    // as the matmul, and a cache per instance would leave one tensor per severity behind every registry a run builds.
    private static readonly ConcurrentDictionary<(string Table, int Severity, string Device), Tensor> DeviceMaps =
        new();

    public string Name => "zoom_blur";
    public CorruptionFamily Family => CorruptionFamily.Blur;
    public bool IsBenchmark => true;
    public bool IsRandom => false;

    /// <summary>
    /// np.arange(1, end, step) to the last bit: length ceil((end − 1)/step), values 1 + i·δ with δ = (1 + step) − 1
    /// (numpy's fill step, 0.010000000000000009 for 0.01). The bits matter: the last CIFAR factor of severity 5 is
    /// 1.2500000000000002, so scipy's zoom makes round(26 · z) = 33 pixels, not 32.
    /// </summary>
    internal static double[] Factors(double end, double step = 0.01)
    {
        const double start = 1.0;
        var count = (int)Math.Ceiling((end - start) / step);
        var delta = (start + step) - start;
        return Enumerable.Range(0, count).Select(i => start + i * delta).ToArray();
    }

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        using var scope = NewDisposeScope();
        var (n, c, h, w) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3]);
        if (h != table.ImageSize || w != table.ImageSize)
            throw new ArgumentException($"zoom blur of {table.Name} expects {table.ImageSize}x{table.ImageSize} " +
                $"images, got {h}x{w}");
        var x = Pixels.ToUnit(images);
        Tensor result;
        if (h <= DenseMapUpTo)
        {
            var map = DeviceMaps.GetOrAdd((table.Name, severity, x.device.ToString()),
                key => ClippedZoom.ToTensor(_maps[key.Severity - 1].Value, x).DetachFromDisposeScope());
            result = matmul(x.reshape(n * c, h * w), map.t()).reshape(n, c, h, w);
        }
        else
        {
            var (end, step) = Severity.Pick(table.ZoomBlur, severity);
            var factors = Factors(end, step);
            // scipy interpolates each zoom in float64 and stores it in float32; the sum then runs in float32.
            var sum = zeros_like(x);
            foreach (var factor in factors)
                sum.add_(ClippedZoom.ApplyInScipyOrder(x, factor).to_type(ScalarType.Float32));
            // Here the reference's own float32 arithmetic is reproduced to the last step, so its float32 ×255 and
            // truncation are too (without the engine's guard for approximate float32 results).
            var reference = sum.add_(x).div_(factors.Length + 1);
            return reference.clamp_(0, 1).mul_(255).to_type(ScalarType.Byte).MoveToOuterDisposeScope();
        }
        return result.clamp_(0, 1).MoveToOuterDisposeScope();
    }

    private static double[,] BuildMap(int size, double end, double step)
    {
        if (size > DenseMapUpTo) return new double[0, 0];
        var factors = Factors(end, step);
        // The identity term x and each zoom get weight 1/(n+1).
        var zooms = factors.Prepend(1.0).ToArray();
        var weights = Enumerable.Repeat(1.0 / (factors.Length + 1), zooms.Length).ToArray();
        return ClippedZoom.SumOfZooms(size, zooms, weights);
    }
}
