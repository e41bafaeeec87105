using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Primitives;

/// <summary>
/// cv2.Canny(img, low, high) with its defaults (3×3 Sobel with replicated borders, L1 magnitude), batched: non-maximum
/// suppression along the gradient direction quantised at 22.5°/67.5° as OpenCV does it, in 15-bit fixed point
/// (tan 22.5° ≈ 13573 / 2¹⁵), with its tie rules (horizontally and vertically strictly greater than one neighbour, at
/// least the other; diagonally strictly greater than both; zero magnitude outside the image), then hysteresis — weak
/// pixels (&gt; low) join when 8-connected to a strong one (&gt; high) — run as repeated 3×3 dilations until nothing
/// changes.
/// </summary>
internal static class CannyEdges
{
    private const double Tan22Fixed = 13573;
    private const double One = 1 << 15;

    /// <param name="levels">[N, H, W] float holding 0..255.</param>
    /// <returns>[N, H, W] bool edge map.</returns>
    public static Tensor Detect(Tensor levels, double low, double high)
    {
        using var scope = NewDisposeScope();
        var x = levels.unsqueeze(1);
        var gx = Filter2d.Correlate(x, new double[,] { { -1, 0, 1 }, { -2, 0, 2 }, { -1, 0, 1 } }, Border.Replicate)
            .squeeze(1);
        var gy = Filter2d.Correlate(x, new double[,] { { -1, -2, -1 }, { 0, 0, 0 }, { 1, 2, 1 } }, Border.Replicate)
            .squeeze(1);
        var mag = gx.abs() + gy.abs();
        var padded = nn.functional.pad(mag, [1, 1, 1, 1]);
        var (h, w) = (mag.shape[1], mag.shape[2]);

        Tensor Neighbour(int dy, int dx) => padded[.., (1 + dy)..(int)(1 + dy + h), (1 + dx)..(int)(1 + dx + w)];

        // float64: |Sobel| · 2¹⁵ exceeds float32's exact integers.
        var ax = gx.abs().to_type(ScalarType.Float64);
        var ay = gy.abs().to_type(ScalarType.Float64).mul_(One);
        var horizontal = ay < ax * Tan22Fixed;
        var vertical = ay > ax * Tan22Fixed + ax * (2 * One);
        var sameSign = (gx * gy) >= 0;
        var keepH = (mag > Neighbour(0, -1)) & (mag >= Neighbour(0, 1));
        var keepV = (mag > Neighbour(-1, 0)) & (mag >= Neighbour(1, 0));
        var keepDiagSame = (mag > Neighbour(-1, -1)) & (mag > Neighbour(1, 1));
        var keepDiagOpposite = (mag > Neighbour(-1, 1)) & (mag > Neighbour(1, -1));
        var keep = where(horizontal, keepH, where(vertical, keepV, where(sameSign, keepDiagSame, keepDiagOpposite)));
        var candidate = keep & (mag > low);
        var edges = candidate & (mag > high);
        var weak = candidate.to_type(ScalarType.Float32);
        for (var i = 0; i < h * w; i++)
        {
            var grown = nn.functional.max_pool2d(edges.to_type(ScalarType.Float32).unsqueeze(1), 3, 1, 1)
                .squeeze(1) * weak;
            var next = grown > 0;
            if (!next.not_equal(edges).any().item<bool>()) break;
            edges = next;
        }
        return edges.MoveToOuterDisposeScope();
    }
}
