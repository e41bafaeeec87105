using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Primitives;

/// <summary>
/// Pillow 9's Image.resize(size, Image.BOX) on 8-bit images, bit for bit: the coefficients of Resample.c's
/// precompute_coeffs with the box filter (support ½, x ∈ (−½, ½]), normalised and turned into 22-bit fixed point, a
/// horizontal pass then a vertical pass, each rounding half up and clipping to 0..255. Each pass is a matmul in
/// float64, which is exact here (all products and sums stay below 2^53).
/// </summary>
internal static class PilBoxResize
{
    private const int PrecisionBits = 32 - 8 - 2;

    /// <summary>[outSize, inSize] fixed-point weights of one axis.</summary>
    public static double[,] Coefficients(int inSize, int outSize)
    {
        var scale = (double)inSize / outSize;
        var filterScale = Math.Max(scale, 1.0);
        var support = 0.5 * filterScale;
        var result = new double[outSize, inSize];
        for (var xx = 0; xx < outSize; xx++)
        {
            var center = (xx + 0.5) * scale;
            var ss = 1.0 / filterScale;
            var xmin = Math.Max((int)(center - support + 0.5), 0);
            var xmax = Math.Min((int)(center + support + 0.5), inSize) - xmin;
            var weights = new double[xmax];
            var total = 0.0;
            for (var x = 0; x < xmax; x++)
            {
                var arg = (x + xmin - center + 0.5) * ss;
                weights[x] = arg > -0.5 && arg <= 0.5 ? 1.0 : 0.0;
                total += weights[x];
            }
            for (var x = 0; x < xmax; x++)
            {
                var normalised = total != 0.0 ? weights[x] / total : weights[x];
                result[xx, xmin + x] = normalised < 0
                    ? (int)(-0.5 + normalised * (1 << PrecisionBits))
                    : (int)(0.5 + normalised * (1 << PrecisionBits));
            }
        }
        return result;
    }

    /// <summary>Resizes [N, C, H, W] pixel values (float64 holding integers 0..255) to outH × outW.</summary>
    public static Tensor Resize(Tensor pixels, int outH, int outW)
    {
        using var scope = NewDisposeScope();
        var h = (int)pixels.shape[^2];
        var w = (int)pixels.shape[^1];
        var x = pixels;
        if (outW != w)
        {
            var k = ClippedZoom.ToTensor(Coefficients(w, outW), pixels);
            x = Clip8(matmul(x, k.t()));
        }
        if (outH != h)
        {
            var k = ClippedZoom.ToTensor(Coefficients(h, outH), pixels);
            x = Clip8(matmul(k, x));
        }
        return x.MoveToOuterDisposeScope();
    }

    private static Tensor Clip8(Tensor fixedPoint) =>
        ((fixedPoint + (1 << (PrecisionBits - 1))) / (1 << PrecisionBits)).floor_().clamp_(0, 255);
}
