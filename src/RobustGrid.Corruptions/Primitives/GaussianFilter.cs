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
        for (var i = -radius; i <= radius; i++) k[i + radius] = Math.Exp(-0.5 / (sigma * sigma) * i * i);
        var sum = k.Sum();
        for (var i = 0; i < k.Length; i++) k[i] /= sum;
        return k;
    }

    public static Tensor Apply(Tensor x, double sigma, Border border = Border.Replicate, double truncate = 4.0)
    {
        // scipy skips an axis whose sigma is (near) zero, so σ = 0 is the identity.
        if (sigma <= 1e-15) return x.alias();
        return Filter2d.Separable(x, Kernel(sigma, truncate), border);
    }
}
