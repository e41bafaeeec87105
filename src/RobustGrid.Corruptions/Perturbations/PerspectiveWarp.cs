using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Perturbations;

/// <summary>
/// <c>cv2.warpPerspective(img, M, (w, h))</c> with its defaults (bilinear, constant black border) on uint8 images:
/// output pixel (x, y) reads the source at M⁻¹·(x, y, 1), pixel centres at integers. OpenCV rounds that position to
/// 1/32 pixel and weights the four taps by products of those fractions (exact in its 15-bit fixed point), taps outside
/// the image reading 0, and rounds the sum half up.
/// </summary>
internal static class PerspectiveWarp
{
    private const int Steps = 32;

    /// <param name="images">uint8 [N, C, H, W].</param>
    /// <param name="homography">3×3, source to destination.</param>
    public static Tensor Apply(Tensor images, double[,] homography)
    {
        using var scope = NewDisposeScope();
        var (h, w) = (images.shape[2], images.shape[3]);
        var m = Invert(homography);
        var x = arange(w, ScalarType.Float64, images.device).reshape(1, w);
        var y = arange(h, ScalarType.Float64, images.device).reshape(h, 1);
        var denominator = x * m[2, 0] + y * m[2, 1] + m[2, 2];
        var scale = where(denominator != 0, Steps / denominator, zeros_like(denominator));
        var sx = ((x * m[0, 0] + y * m[0, 1] + m[0, 2]) * scale).round_().to_type(ScalarType.Int64);
        var sy = ((x * m[1, 0] + y * m[1, 1] + m[1, 2]) * scale).round_().to_type(ScalarType.Int64);
        var (x0, y0) = (sx.div(Steps, RoundingMode.floor), sy.div(Steps, RoundingMode.floor));
        var fx = (sx - x0 * Steps).to_type(ScalarType.Float64) / Steps;
        var fy = (sy - y0 * Steps).to_type(ScalarType.Float64) / Steps;
        var pixels = images.to_type(ScalarType.Float64);
        var sum = Tap(pixels, y0, x0) * ((1 - fx) * (1 - fy)) + Tap(pixels, y0, x0 + 1) * (fx * (1 - fy))
            + Tap(pixels, y0 + 1, x0) * ((1 - fx) * fy) + Tap(pixels, y0 + 1, x0 + 1) * (fx * fy);
        return sum.add_(0.5).floor_().clamp_(0, 255).to_type(ScalarType.Byte).MoveToOuterDisposeScope();
    }

    /// <summary>Pixels at [H, W] rows and columns; 0 where a tap falls outside the image.</summary>
    private static Tensor Tap(Tensor images, Tensor rows, Tensor columns)
    {
        var (h, w) = (images.shape[2], images.shape[3]);
        var inside = (rows >= 0).logical_and_(rows < h).logical_and_(columns >= 0).logical_and_(columns < w);
        var flat = IndexMath.Plus(rows.clamp(0, h - 1) * w, columns.clamp(0, w - 1)).reshape(-1);
        var values = images.flatten(2).index_select(2, flat).reshape(images.shape[0], images.shape[1], h, w);
        return values.masked_fill(inside.logical_not(), 0);
    }

    private static double[,] Invert(double[,] a)
    {
        var det = a[0, 0] * (a[1, 1] * a[2, 2] - a[1, 2] * a[2, 1]) - a[0, 1] * (a[1, 0] * a[2, 2] - a[1, 2] * a[2, 0])
            + a[0, 2] * (a[1, 0] * a[2, 1] - a[1, 1] * a[2, 0]);
        var inverse = new double[3, 3];
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 3; j++)
            {
                // The cofactor of a[j, i], by the cyclic rule for 3×3 matrices.
                var (r1, r2, c1, c2) = ((j + 1) % 3, (j + 2) % 3, (i + 1) % 3, (i + 2) % 3);
                inverse[i, j] = (a[r1, c1] * a[r2, c2] - a[r1, c2] * a[r2, c1]) / det;
            }
        return inverse;
    }
}
