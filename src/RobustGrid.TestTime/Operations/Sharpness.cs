using static TorchSharp.torch;

namespace RobustGrid.TestTime.Operations;

/// <summary>Which 3×3 smoothing kernel kornia's sharpness uses.</summary>
public enum SharpnessKernel
{
    /// <summary>Old kornia (≤ 0.5 era, which DynTTA's top-level kornia.* calls imply): [[1,1,1],[1,5,1],[1,1,1]]
    /// without /13. The "degenerate" image is then about 13× the local mean, clamped, so the op blends toward white:
    /// DynTTA learned its weights against this.</summary>
    OldKorniaUnnormalized,
    /// <summary>PIL's SMOOTH kernel divided by 13, as newer kornia does.</summary>
    Normalized,
}

/// <summary>
/// kornia.sharpness: degenerate = clamp(conv(x, kernel)) inside a 1-pixel border kept from x, then kornia's
/// _blend_one(degenerate, x, f) = degenerate + f·(x - degenerate), clamped for f outside (0, 1). f = 1 is the identity.
/// </summary>
internal static class Sharpness
{
    public static Tensor Apply(Tensor images, Tensor factor, SharpnessKernel kernelKind)
    {
        using var scope = NewDisposeScope();
        var channels = images.shape[1];
        var kernel = tensor(new float[] { 1, 1, 1, 1, 5, 1, 1, 1, 1 }, device: images.device).view(1, 1, 3, 3);
        if (kernelKind == SharpnessKernel.Normalized) kernel = kernel.div(13.0);
        kernel = kernel.repeat(channels, 1, 1, 1);
        var degenerate = nn.functional.conv2d(images, kernel, groups: channels).clamp(0.0, 1.0);
        var interior = nn.functional.pad(ones_like(degenerate), [1, 1, 1, 1]);
        var result = where(interior.eq(1), nn.functional.pad(degenerate, [1, 1, 1, 1]), images);
        var f = factor.view(-1, 1, 1, 1);
        var blended = result.add(images.sub(result).mul(f));
        // Kornia clamps only when the factor leaves (0, 1); inside it the blend of two [0, 1] images is already in
        // range.
        var inside = f.gt(0).logical_and(f.lt(1));
        return where(inside, blended, blended.clamp(0.0, 1.0)).MoveToOuterDisposeScope();
    }
}
