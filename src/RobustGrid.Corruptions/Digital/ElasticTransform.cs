using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Tables;
using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Digital;

/// <summary>
/// A random affine warp (three control points moved by U(−a, a), cv2.getAffineTransform + warpAffine, bilinear,
/// reflect-101 borders, source coordinates quantised to 1/32 pixel as OpenCV's fixed-point remap does), then a smooth
/// random displacement field (U(−1, 1) noise, Gaussian σ with scipy 'reflect' borders and truncate 3, times α) sampled
/// with map_coordinates(order=1, mode='reflect'). Parameters are the table's (image-size-relative in every script).
/// </summary>
public sealed class ElasticTransform(CorruptionTable table) : ICorruption
{
    private readonly (double Alpha, double Sigma, double Affine)[] _parameters = table.ElasticTransform;

    public string Name => "elastic_transform";
    public CorruptionFamily Family => CorruptionFamily.Digital;
    public bool IsBenchmark => true;
    public bool IsRandom => true;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        var (alpha, sigma, affine) = Severity.Pick(_parameters, severity);
        using var scope = NewDisposeScope();
        var (n, h, w) = (images.shape[0], images.shape[2], images.shape[3]);
        var device = images.device;
        var x = Pixels.ToUnit(images);

        // Control points (x, y): centre ± square, as in the reference (centre size // 2, square size // 3).
        var centre = h / 2;
        var square = Math.Min(h, w) / 3;
        var source = tensor(new double[]
        {
            centre + square, centre + square,
            centre + square, centre - square,
            centre - square, centre - square,
        }, [1, 3, 2], ScalarType.Float64, device);
        var moved =
            (source + (rand([n, 3, 2], ScalarType.Float64, device, generator: generator) * (2 * affine) - affine))
            .to_type(ScalarType.Float32).to_type(ScalarType.Float64);

        // warpAffine maps each destination pixel back through the inverse of M (which takes source → moved); the
        // inverse affine is the one taking moved → source: [sx, sy] = S · P⁻¹ · [dx, dy, 1].
        var ones3 = ones([n, 3, 1], ScalarType.Float64, device);
        var movedH = cat([moved, ones3], 2).transpose(1, 2);                    // [N, 3, 3] columns (x, y, 1)
        var sourceRows = source.expand(n, 3, 2).transpose(1, 2);                // [N, 2, 3]
        var inverse = matmul(sourceRows, linalg.inv(movedH));                  // [N, 2, 3]
        var ys = arange(h, dtype: ScalarType.Float64, device: device).reshape(1, h, 1).expand(n, h, w);
        var xs = arange(w, dtype: ScalarType.Float64, device: device).reshape(1, 1, w).expand(n, h, w);
        var grid = stack([xs, ys, ones_like(xs)], 1).reshape(n, 3, h * w);     // [N, 3, HW]
        var back = matmul(inverse, grid).reshape(n, 2, h, w);
        var srcX = Quantise(back[.., 0]);
        var srcY = Quantise(back[.., 1]);
        var warped = BilinearSampler.Sample(x, srcY, srcX, Border.Reflect101);

        var fieldX = rand([n, h, w], ScalarType.Float64, device, generator: generator) * 2 - 1;
        var fieldY = rand([n, h, w], ScalarType.Float64, device, generator: generator) * 2 - 1;
        var dx = (GaussianFilter.Apply(fieldX, sigma, Border.Symmetric, truncate: 3) * alpha)
            .to_type(ScalarType.Float32);
        var dy = (GaussianFilter.Apply(fieldY, sigma, Border.Symmetric, truncate: 3) * alpha)
            .to_type(ScalarType.Float32);
        var sampleY = ys.to_type(ScalarType.Float32) + dy;
        var sampleX = xs.to_type(ScalarType.Float32) + dx;
        return BilinearSampler.Sample(warped, sampleY, sampleX, Border.Symmetric).clamp_(0, 1)
            .MoveToOuterDisposeScope();
    }

    /// <summary>OpenCV's remap tables hold coordinates in 1/32 pixel (INTER_BITS = 5).</summary>
    private static Tensor Quantise(Tensor coordinate) => (coordinate * 32).round_().div_(32);
}
