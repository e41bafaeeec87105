using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Primitives;

/// <summary>
/// skimage.filters.gaussian on each channel plane, which is scipy.ndimage.gaussian_filter with sigma 0 on the channel
/// axis: kernel radius int(truncate·σ + 0.5), weights exp(−x²/2σ²) normalised; default border 'nearest'.
/// </summary>
internal static class GaussianFilter
{
    public static double[] Kernel(double sigma, double truncate)
    {
        var radius = (int)(truncate * sigma + 0.5);
        var k = new double[2 * radius + 1];
        // scipy's order: (−0.5/σ²)·(x²).
        for (var i = -radius; i <= radius; i++) k[i + radius] = Math.Exp(-0.5 / (sigma * sigma) * (i * i));
        var sum = k.Sum();
        for (var i = 0; i < k.Length; i++) k[i] /= sum;
        return k;
    }

    /// <summary>
    /// The same filter summed in scipy's order (correlate1d's symmetric-kernel loop: the centre tap, then each pair
    /// of mirrored taps from the outermost in, rows before columns), in the input's precision. Where a float64
    /// result is an exact integer level, the order decides which side np.uint8 truncates to; on images with flat
    /// areas the matmul's order flipped up to 2 % of pixels by one level.
    /// </summary>
    public static Tensor ApplyInScipyOrder(Tensor x, double sigma, Border border = Border.Replicate,
        double truncate = 4.0)
    {
        if (sigma <= 1e-15) return x.alias();
        var kernel = Kernel(sigma, truncate);
        using var scope = NewDisposeScope();
        var rows = SymmetricPass(x, kernel, border, -2);
        return SymmetricPass(rows, kernel, border, -1).MoveToOuterDisposeScope();
    }

    private static Tensor SymmetricPass(Tensor x, double[] kernel, Border border, int axis)
    {
        var r = kernel.Length / 2;
        var n = x.shape[^(-axis)];
        var padded = axis == -2
            ? BorderIndex.Pad(x, r, r, 0, 0, border)
            : BorderIndex.Pad(x, 0, 0, r, r, border);
        Tensor Tap(int offset) => padded.narrow(axis, r + offset, n);
        var sum = Tap(0) * kernel[r];
        // An add with alpha may fuse the multiply into the add (one rounding instead of two); scipy rounds both.
        for (var j = r; j >= 1; j--) sum.add_((Tap(-j) + Tap(j)).mul_(kernel[r + j]));
        return sum;
    }

    public static Tensor Apply(Tensor x, double sigma, Border border = Border.Replicate, double truncate = 4.0)
    {
        // scipy skips an axis whose sigma is (near) zero, so σ = 0 is the identity.
        if (sigma <= 1e-15) return x.alias();
        return Filter2d.Separable(x, Kernel(sigma, truncate), border);
    }
}
