using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Blur;

/// <summary>
/// Correlation with make_cifar_c's anti-aliased disk: the indicator of x²+y² ≤ r² on a 17×17 grid, normalised, then
/// cv2.GaussianBlur(3×3, σ = alias_blur) — all in float32 as the reference builds it — applied per channel with
/// OpenCV's default border (reflect-101). The kernel is cropped to its non-zero support (at most 5×5 here).
/// </summary>
public sealed class DefocusBlur : ICorruption
{
    private static readonly (double Radius, double AliasBlur)[] Parameters =
        [(0.3, 0.4), (0.4, 0.5), (0.5, 0.6), (1, 0.2), (1.5, 0.1)];

    private static readonly double[][,] Kernels = Parameters.Select(p => Disk(p.Radius, p.AliasBlur)).ToArray();

    public string Name => "defocus_blur";
    public CorruptionFamily Family => CorruptionFamily.Blur;
    public bool IsBenchmark => true;
    public bool IsRandom => false;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        using var scope = NewDisposeScope();
        var x = Pixels.ToUnit(images, ScalarType.Float64);
        var kernel = Severity.Pick(Kernels, severity);
        return Filter2d.Correlate(x, kernel, Border.Reflect101).clamp_(0, 1).MoveToOuterDisposeScope();
    }

    internal static double[,] Disk(double radius, double aliasBlur)
    {
        if (radius > 8)
            throw new ArgumentOutOfRangeException(nameof(radius), "CIFAR radii are at most 8 (3×3 anti-aliasing)");
        const int size = 17;
        var disk = new float[size, size];
        float count = 0;
        for (var i = 0; i < size; i++)
            for (var j = 0; j < size; j++)
            {
                double y = i - 8, x = j - 8;
                if (x * x + y * y <= radius * radius) { disk[i, j] = 1; count++; }
            }
        for (var i = 0; i < size; i++)
            for (var j = 0; j < size; j++)
                disk[i, j] /= count;

        // cv2.getGaussianKernel(3, σ) for σ > 0, then the separable blur with reflect-101 borders.
        var g = new double[3];
        for (var i = 0; i < 3; i++) g[i] = Math.Exp(-(i - 1) * (i - 1) / (2 * aliasBlur * aliasBlur));
        var gs = g.Sum();
        var g32 = g.Select(v => (float)(v / gs)).ToArray();
        var rows = new float[size, size];
        var result = new double[size, size];
        for (var i = 0; i < size; i++)
            for (var j = 0; j < size; j++)
            {
                float acc = 0;
                for (var k = -1; k <= 1; k++)
                    acc += g32[k + 1] * disk[i, (int)BorderIndex.Map(j + k, size, Border.Reflect101)];
                rows[i, j] = acc;
            }
        for (var i = 0; i < size; i++)
            for (var j = 0; j < size; j++)
            {
                float acc = 0;
                for (var k = -1; k <= 1; k++)
                    acc += g32[k + 1] * rows[(int)BorderIndex.Map(i + k, size, Border.Reflect101), j];
                result[i, j] = acc;
            }
        return CropToSupport(result);
    }

    private static double[,] CropToSupport(double[,] kernel)
    {
        var size = kernel.GetLength(0);
        var centre = size / 2;
        var reach = 0;
        for (var i = 0; i < size; i++)
            for (var j = 0; j < size; j++)
                if (kernel[i, j] != 0) reach = Math.Max(reach, Math.Max(Math.Abs(i - centre), Math.Abs(j - centre)));
        var cropped = new double[2 * reach + 1, 2 * reach + 1];
        for (var i = 0; i <= 2 * reach; i++)
            for (var j = 0; j <= 2 * reach; j++)
                cropped[i, j] = kernel[centre - reach + i, centre - reach + j];
        return cropped;
    }
}
