using static TorchSharp.torch;

namespace RobustGrid.TestTime.Operations;

/// <summary>
/// DynTTA's 19 low-pass and 19 high-pass FFT filters (radii 0.05·i, i = 1..19, relative to the largest distance from
/// the centre (⌊W/2⌋, ⌊H/2⌋) of the shifted spectrum). The reference shifts over every dimension, batch included;
/// the batch and channel rolls of fftshift and ifftshift cancel, so shifting the last two dimensions is the same.
/// </summary>
internal static class FrequencyFilters
{
    public const int RadiusCount = 19;

    public static double Radius(int i) => 0.05 * (i + 1);

    /// <summary>Masks [38, H, W]: the 19 low-pass masks, then their 19 complements (high-pass).</summary>
    public static Tensor Masks(int height, int width, Device device)
    {
        var (cx, cy) = (width / 2, height / 2);
        var distance = new double[height * width];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                distance[y * width + x] = Math.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy));
        var max = distance.Max();
        var masks = new float[2 * RadiusCount * height * width];
        for (var i = 0; i < RadiusCount; i++)
            for (var p = 0; p < distance.Length; p++)
            {
                var inside = distance[p] / max <= Radius(i);
                masks[i * distance.Length + p] = inside ? 1f : 0f;
                masks[(RadiusCount + i) * distance.Length + p] = inside ? 0f : 1f;
            }
        return tensor(masks, [2 * RadiusCount, height, width]).to(device);
    }

    /// <summary>All 38 filtered versions of images [B, C, H, W] in one batched FFT: [B, 38, C, H, W].</summary>
    public static Tensor ApplyAll(Tensor images, Tensor masks)
    {
        using var scope = NewDisposeScope();
        long[] spatial = [-2, -1];
        var spectrum = fft.fftshift(fft.fft2(images), spatial).unsqueeze(1);
        var filtered = spectrum.mul(masks.unsqueeze(0).unsqueeze(2));
        return fft.ifft2(fft.ifftshift(filtered, spatial)).real.MoveToOuterDisposeScope();
    }
}
