using RobustGrid.Training.Augmentations;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Methods.IpMix;

/// <summary>
/// IPMix's <c>patch_mixing</c> for a batch: per sample a patch size from {4, 8, 16, 32} (capped at the image size,
/// so 32 is "the whole image" on CIFAR and 28 on Fashion-MNIST), a box with left/top uniform in [0, size−ps], square
/// w.p. ½ or else each side uniform in [2, ps]; the same box of the image and the mixing picture are mixed by one
/// of the four pixel mixings and pasted back. The mix goes back to bytes as the reference's ToPILImage does
/// (mul(255).byte()); <see cref="PixelOverflow"/> says what happens to add/multiply results outside [0, 1].
/// </summary>
internal sealed class PatchMixing(IReadOnlyList<int> patchSizes, double beta, PixelOverflow overflow)
{
    /// <param name="pixels">float32 M×C×H×W, 0..255.</param>
    /// <param name="mixingPictures">float32 M×C×H×W, 0..255, the picture each image mixes with.</param>
    public Tensor Apply(Tensor pixels, Tensor mixingPictures, Generator generator)
    {
        using var scope = NewDisposeScope();
        var (m, h, w, device) = (pixels.shape[0], pixels.shape[2], pixels.shape[3], pixels.device);
        var sizes = tensor(patchSizes.Select(s => (long)s).ToArray(), ScalarType.Int64, device);
        var patch = sizes.index_select(0, RandomDraws.Integers(m, 0, patchSizes.Count, generator, device))
            .clamp_max(Math.Min(h, w));
        // Python's random.randint(lo, hi) includes hi: floor(U·(hi−lo+1)) + lo.
        Tensor Inclusive(Tensor low, Tensor high) =>
            RandomDraws.Uniform(m, 0, 1, generator, device).mul(high.sub(low).add(1)).floor_().to(ScalarType.Int64)
                .add_(low);
        var zero = zeros([m], ScalarType.Int64, device);
        var left = Inclusive(zero, patch.neg().add(w));
        var top = Inclusive(zero, patch.neg().add(h));
        var square = RandomDraws.Uniform(m, 0, 1, generator, device).gt(0.5);
        var two = full([m], 2L, ScalarType.Int64, device);
        var width = where(square, patch, Inclusive(two, patch));
        var height = where(square, patch, Inclusive(two, patch));
        var columns = arange(w, ScalarType.Int64, device).reshape(1, 1, 1, w);
        var rows = arange(h, ScalarType.Int64, device).reshape(1, 1, h, 1);
        Tensor Per(Tensor t) => t.reshape(m, 1, 1, 1);
        var inColumns = columns.ge(Per(left)).logical_and_(columns.lt(Per(left.add(width))));
        var inRows = rows.ge(Per(top)).logical_and_(rows.lt(Per(top.add(height))));
        var inBox = inColumns.logical_and(inRows);
        var op = RandomDraws.Integers(m, 0, PixelMixings.Count, generator, device);
        // ToTensor divides the uint8 picture by 255; ToPILImage multiplies by 255 and converts to uint8.
        var mix = PixelMixings.Mix(pixels.div(255), mixingPictures.div(255), op, beta, generator);
        var mixed = ToByteValues(mix, overflow);
        return where(inBox, mixed, pixels).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <c>unit.mul(255).byte()</c> as float 0..255. PyTorch casts float to uint8 through int64: truncation toward
    /// zero, then the low byte (−1.5 → 255, 300.2 → 44); values beyond int64 (float32 ≥ 2⁶³, ±∞, NaN) give 0 on
    /// x86-64. <see cref="PixelOverflow.Clamp"/> clamps to [0, 255] before truncating instead.
    /// </summary>
    public static Tensor ToByteValues(Tensor unit, PixelOverflow overflow)
    {
        var scaled = unit.mul(255);
        if (overflow == PixelOverflow.Clamp) return scaled.clamp_(0, 255).trunc_();
        // Every float32 of magnitude ≥ 2²⁴ is an integer and ≥ 2³¹ a multiple of 256, so remainder is exact and
        // gives 0 for everything past int64; remainder(±∞) is NaN, which becomes 0. Adding 0 turns −0 into 0.
        return scaled.trunc_().remainder_(256).nan_to_num_(0).add_(0);
    }
}

/// <summary>How mixed pixels outside [0, 1] become bytes.</summary>
public enum PixelOverflow
{
    /// <summary>The reference's unclipped <c>mul(255).byte()</c>: wraps modulo 256.</summary>
    Wrap,

    /// <summary>Clamp to [0, 255], then truncate (as .byte() does for in-range values).</summary>
    Clamp,
}
