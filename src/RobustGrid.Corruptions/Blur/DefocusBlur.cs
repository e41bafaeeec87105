using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Tables;
using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Blur;

/// <summary>
/// Correlation with the reference's anti-aliased disk: the indicator of x²+y² ≤ r² on a grid of −8..8 (radius ≤ 8) or
/// −r..r (larger radii, ImageNet's 10), normalised, then cv2.GaussianBlur(σ = alias_blur) with a 3×3 kernel (5×5 for
/// the larger grid) — all in float32 as the reference builds it — applied per channel with OpenCV's default border
/// (reflect-101). The kernel is cropped to its non-zero support.
/// </summary>
public sealed class DefocusBlur(CorruptionTable table) : ICorruption
{
    private readonly Lazy<double[][,]> _kernels =
        new(() => table.DefocusBlur.Select(p => Disk(p.Radius, p.AliasBlur)).ToArray());

    public string Name => "defocus_blur";
    public CorruptionFamily Family => CorruptionFamily.Blur;
    public bool IsBenchmark => true;
    public bool IsRandom => false;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        using var scope = NewDisposeScope();
        var x = Pixels.ToUnit(images, ScalarType.Float64);
        var kernel = Severity.Pick(_kernels.Value, severity);
        return Filter2d.Correlate(x, kernel, Border.Reflect101).clamp_(0, 1).MoveToOuterDisposeScope();
    }

    internal static double[,] Disk(double radius, double aliasBlur)
    {
        var reach = radius <= 8 ? 8 : (int)Math.Floor(radius);
        var blurTaps = radius <= 8 ? 3 : 5;
        var size = 2 * reach + 1;
        var disk = new float[size, size];
        float count = 0;
        for (var i = 0; i < size; i++)
            for (var j = 0; j < size; j++)
            {
                double y = i - reach, x = j - reach;
                if (x * x + y * y <= radius * radius) { disk[i, j] = 1; count++; }
            }
        for (var i = 0; i < size; i++)
            for (var j = 0; j < size; j++)
                disk[i, j] /= count;

        // cv2.getGaussianKernel(taps, σ) for σ > 0, then the separable blur with reflect-101 borders.
        var half = blurTaps / 2;
        var g = new double[blurTaps];
        for (var i = 0; i < blurTaps; i++) g[i] = Math.Exp(-(i - half) * (i - half) / (2 * aliasBlur * aliasBlur));
        var gs = g.Sum();
        var g32 = g.Select(v => (float)(v / gs)).ToArray();
        var rows = new float[size, size];
        var result = new double[size, size];
        for (var i = 0; i < size; i++)
            for (var j = 0; j < size; j++)
            {
                float acc = 0;
                for (var k = -half; k <= half; k++)
                    acc += g32[k + half] * disk[i, (int)BorderIndex.Map(j + k, size, Border.Reflect101)];
                rows[i, j] = acc;
            }
        for (var i = 0; i < size; i++)
            for (var j = 0; j < size; j++)
            {
                float acc = 0;
                for (var k = -half; k <= half; k++)
                    acc += g32[k + half] * rows[(int)BorderIndex.Map(i + k, size, Border.Reflect101), j];
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
