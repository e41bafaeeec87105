using System.Collections.Concurrent;
using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Blur;

/// <summary>
/// (x + Σ_z clipped_zoom(x, z)) / (n + 1) over z in np.arange(1, e, 0.01). numpy's float arange yields 7, 12, 16, 21
/// and 26 factors for e = 1.06 … 1.26 (the first two include the end point 1.06 and 1.11), and 1.0 itself is one of
/// them, so x is counted twice. The whole sum is one precomputed 1024×1024 linear map per severity: one matmul.
/// </summary>
public sealed class ZoomBlur : ICorruption
{
    private const int Size = 32;
    private static readonly double[] Ends = [1.06, 1.11, 1.16, 1.21, 1.26];
    private static readonly Lazy<double[,]>[] Maps = Ends.Select(e => new Lazy<double[,]>(() => BuildMap(e))).ToArray();

    // The 4 MB float32 map per severity and device, built once: converting it per chunk costs as much as the matmul.
    private static readonly ConcurrentDictionary<(int Severity, string Device), Tensor> DeviceMaps = new();

    public string Name => "zoom_blur";
    public CorruptionFamily Family => CorruptionFamily.Blur;
    public bool IsBenchmark => true;
    public bool IsRandom => false;

    /// <summary>
    /// np.arange(1, end, 0.01) to the last bit: length ceil((end − 1)/0.01), values 1 + i·δ with δ = (1 + 0.01) − 1
    /// (numpy's fill step, 0.010000000000000009). The bits matter: the last factor of severity 5 is
    /// 1.2500000000000002, so scipy's zoom makes round(26 · z) = 33 pixels, not 32.
    /// </summary>
    internal static double[] Factors(double end)
    {
        const double start = 1.0, step = 0.01;
        var count = (int)Math.Ceiling((end - start) / step);
        var delta = (start + step) - start;
        return Enumerable.Range(0, count).Select(i => start + i * delta).ToArray();
    }

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        using var scope = NewDisposeScope();
        var (n, c, h, w) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3]);
        if (h != Size || w != Size) throw new ArgumentException($"zoom blur expects {Size}x{Size} images, got {h}x{w}");
        var x = Pixels.ToUnit(images);
        var map = DeviceMaps.GetOrAdd((severity, x.device.ToString()),
            key => ClippedZoom.ToTensor(Maps[key.Severity - 1].Value, x).DetachFromDisposeScope());
        var result = matmul(x.reshape(n * c, h * w), map.t()).reshape(n, c, h, w);
        return result.clamp_(0, 1).MoveToOuterDisposeScope();
    }

    private static double[,] BuildMap(double end)
    {
        var factors = Factors(end);
        // The identity term x and each zoom get weight 1/(n+1).
        var zooms = factors.Prepend(1.0).ToArray();
        var weights = Enumerable.Repeat(1.0 / (factors.Length + 1), zooms.Length).ToArray();
        return ClippedZoom.SumOfZooms(Size, zooms, weights);
    }
}
