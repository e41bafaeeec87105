using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Augmentations.Pil;

/// <summary>
/// Pillow's <c>Image.resize(size, BICUBIC)</c> of 8-bit images (libImaging/Resample.c): a horizontal pass, then a
/// vertical one, each rounding to uint8. Each output pixel weighs the input pixels within the bicubic support (a =
/// −0.5, 2 input pixels, widened by the scale when shrinking) around its centre; the weights are normalised and
/// turned into 22-bit fixed point, the sum starts at half a unit and is shifted down and clipped.
/// </summary>
internal static class PilResize
{
    private const int PrecisionBits = 22;

    /// <summary>float32 M×C×H×W holding 0..255, to M×C×<paramref name="height"/>×<paramref name="width"/>.</summary>
    public static Tensor Bicubic(Tensor pixels, long height, long width)
    {
        using var scope = NewDisposeScope();
        var x = pixels.to(ScalarType.Float64);
        if (width != pixels.shape[3]) x = Pass(x, Weights((int)pixels.shape[3], (int)width, pixels.device));
        if (height != pixels.shape[2])
            x = Pass(x.transpose(2, 3), Weights((int)pixels.shape[2], (int)height, pixels.device)).transpose(2, 3);
        return x.to(ScalarType.Float32).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>One pass along the last axis: whole-number products summed exactly in float64.</summary>
    private static Tensor Pass(Tensor x, Tensor weights) =>
        x.matmul(weights.t()).add_(1 << (PrecisionBits - 1)).div_(1 << PrecisionBits).floor_().clamp_(0, 255);

    /// <summary>The fixed-point weights [out, in] of one axis (precompute_coeffs and normalize_coeffs_8bpc).</summary>
    private static Tensor Weights(int inSize, int outSize, Device device)
    {
        var scale = (double)inSize / outSize;
        var filterScale = Math.Max(scale, 1.0);
        var support = 2.0 * filterScale;
        var weights = new double[outSize * inSize];
        for (var o = 0; o < outSize; o++)
        {
            var centre = (o + 0.5) * scale;
            var first = Math.Max((int)(centre - support + 0.5), 0);
            var end = Math.Min((int)(centre + support + 0.5), inSize);
            var taps = Enumerable.Range(first, Math.Max(end - first, 0))
                .Select(i => Filter((i - centre + 0.5) * (1.0 / filterScale))).ToArray();
            var total = 0.0;
            foreach (var tap in taps) total += tap;
            for (var t = 0; t < taps.Length; t++)
            {
                var k = total != 0 ? taps[t] / total : taps[t];
                weights[o * inSize + first + t] = k < 0
                    ? (int)(-0.5 + k * (1 << PrecisionBits))
                    : (int)(0.5 + k * (1 << PrecisionBits));
            }
        }
        return tensor(weights, [outSize, inSize], ScalarType.Float64, device);
    }

    private static double Filter(double x)
    {
        const double a = -0.5;
        x = Math.Abs(x);
        if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
        return 0.0;
    }
}
