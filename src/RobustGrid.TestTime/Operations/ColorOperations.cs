using static TorchSharp.torch;

namespace RobustGrid.TestTime.Operations;

/// <summary>
/// kornia v0.5.0's colour adjustments as DynTTA calls them, each with a per-image factor [B]: images [B, 3, H, W]
/// in [0, 1].
/// </summary>
internal static class ColorOperations
{
    private static Tensor PerImage(Tensor factor) => factor.view(-1, 1, 1, 1);

    /// <summary>kornia adjust_contrast: multiply, then clamp (not around the mean).</summary>
    public static Tensor Contrast(Tensor images, Tensor factor) => images.mul(PerImage(factor)).clamp(0.0, 1.0);

    /// <summary>kornia adjust_brightness: add, then clamp.</summary>
    public static Tensor Brightness(Tensor images, Tensor shift) => images.add(PerImage(shift)).clamp(0.0, 1.0);

    /// <summary>kornia adjust_gamma with gain 1: x^γ, then clamp.</summary>
    public static Tensor Gamma(Tensor images, Tensor gamma) => images.pow(PerImage(gamma)).clamp(0.0, 1.0);

    /// <summary>DynTTA's invert: the maximum over the whole batch tensor minus x (batch-dependent, as in the
    /// reference).</summary>
    public static Tensor Invert(Tensor images) => images.max().sub(images);

    /// <summary>kornia adjust_saturation: S·f clamped to [0, 1] in HSV.</summary>
    public static Tensor Saturation(Tensor images, Tensor factor)
    {
        using var scope = NewDisposeScope();
        var hsv = Hsv.FromRgb(images);
        var s = hsv.select(1, 1).mul(factor.view(-1, 1, 1)).clamp(0.0, 1.0);
        return Hsv.ToRgb(stack([hsv.select(1, 0), s, hsv.select(1, 2)], 1)).MoveToOuterDisposeScope();
    }

    /// <summary>kornia adjust_hue: H + shift (radians), fmod 2π.</summary>
    public static Tensor Hue(Tensor images, Tensor shift)
    {
        using var scope = NewDisposeScope();
        var hsv = Hsv.FromRgb(images);
        var h = hsv.select(1, 0).add(shift.view(-1, 1, 1)).fmod(2 * Math.PI);
        return Hsv.ToRgb(stack([h, hsv.select(1, 1), hsv.select(1, 2)], 1)).MoveToOuterDisposeScope();
    }
}
