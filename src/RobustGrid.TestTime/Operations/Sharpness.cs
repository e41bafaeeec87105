using static TorchSharp.torch;

namespace RobustGrid.TestTime.Operations;

/// <summary>
/// kornia.sharpness (v0.5.0): degenerate = clamp(conv(x, [[1,1,1],[1,5,1],[1,1,1]] / 13)) inside a 1-pixel border kept
/// from x, then _blend_one(degenerate, x, f) = degenerate + f·(x − degenerate), clamped for f outside (0, 1).
/// f = 1 is the identity, f &gt; 1 sharpens.
/// </summary>
internal static class Sharpness
{
    public static Tensor Apply(Tensor images, Tensor factor)
    {
        using var scope = NewDisposeScope();
        var channels = images.shape[1];
        var kernel = tensor(new float[] { 1, 1, 1, 1, 5, 1, 1, 1, 1 }, device: images.device).div(13.0);
        kernel = kernel.view(1, 1, 3, 3).repeat(channels, 1, 1, 1);
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
