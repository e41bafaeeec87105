using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Augmentations.Pil;

/// <summary>
/// DynTTA's <c>LPF</c> and <c>HPF</c> (CUB_dataset/augmix.py) with radius r = level·1.8/10 + 0.1: numpy's
/// <c>fft2</c> of <c>np.asarray(img)</c>, <c>fftshift</c> over every axis, a mask of the points whose distance from
/// (int(w/2), int(h/2)), divided by the largest distance, is at most r (kept by LPF, removed by HPF), <c>fftshift</c>
/// again (not its inverse), the real part of <c>ifft2</c>, and <c>astype(np.uint8)</c>, which truncates towards zero
/// and wraps modulo 256. Kept as the official code has it: for an RGB image the array is H×W×3, so both FFTs run over
/// the width and the channel axis, and an odd axis is rolled by one bin; a high-pass result, which is mostly
/// negative, wraps into bright values. Grey ("L") images are H×W and filtered as images.
/// </summary>
internal sealed class FourierFilter(bool lowPass) : IImageOp
{
    public string Name => lowPass ? "LPF" : "HPF";

    public Tensor Apply(Tensor pixels, OpDraw draw) =>
        Filter(pixels, PilEnhance.Factor(pixels, draw), lowPass);

    /// <param name="radius">[M] float64 radii.</param>
    public static Tensor Filter(Tensor pixels, Tensor radius, bool lowPass)
    {
        using var scope = NewDisposeScope();
        var rgb = pixels.shape[1] == 3;
        // The numpy array's axes after the image index: (1, H, W) for "L", (H, W, 3) for RGB.
        var array = (rgb ? pixels.permute(0, 2, 3, 1) : pixels).to(ScalarType.Float64);
        var shifts = array.shape[1..].Select(n => n / 2).ToArray();
        long[] axes = [1, 2, 3];
        var shifted = fft.fft2(array).roll(shifts, axes);
        var (h, w) = (array.shape[2], array.shape[3]);
        var inside = Distances(h, w, pixels.device).unsqueeze(0).le(radius.to(ScalarType.Float64).reshape(-1, 1, 1));
        var mask = (lowPass ? inside : inside.logical_not()).to(ScalarType.Float64).unsqueeze(1);
        var filtered = fft.ifft2(shifted.mul(mask).roll(shifts, axes)).real;
        var bytes = filtered.trunc().remainder_(256);
        return (rgb ? bytes.permute(0, 3, 1, 2) : bytes).to(ScalarType.Float32).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>_create_circular_mask's normalised distances of an h×w grid from (int(w/2), int(h/2)).</summary>
    private static Tensor Distances(long h, long w, Device device)
    {
        using var scope = NewDisposeScope();
        var y = arange(h, ScalarType.Float64, device).sub_(h / 2).reshape(h, 1);
        var x = arange(w, ScalarType.Float64, device).sub_(w / 2).reshape(1, w);
        var distance = y.square().add(x.square()).sqrt_();
        return distance.div_(distance.max()).MoveToOuterDisposeScope();
    }
}
