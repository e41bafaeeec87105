using static TorchSharp.torch;

namespace RobustGrid.TestTime.Operations;

/// <summary>
/// RGB ↔ HSV as kornia v0.5.0 computes it (eps 1e-6; hue in radians, [0, 2π)), written with differentiable tensor ops
/// so the saturation and hue operations pass gradients to the image and to their magnitudes. Images are [B, 3, H, W].
/// </summary>
internal static class Hsv
{
    private const double Epsilon = 1e-6;

    public static Tensor FromRgb(Tensor rgb)
    {
        using var scope = NewDisposeScope();
        var (maxValue, _) = rgb.max(1);
        var minValue = rgb.amin([1L]);
        // The first channel that attains the maximum decides the hue formula (kornia: cumsum == 1 on the max mask).
        var isMax = rgb.eq(maxValue.unsqueeze(1));
        var firstMax = isMax.logical_and(isMax.to(ScalarType.Int32).cumsum(1).eq(1)).to(ScalarType.Int32)
            .argmax(1, keepdim: true);
        var value = maxValue;
        var delta = maxValue.sub(minValue);
        var saturation = delta.div(value.add(Epsilon));
        var safeDelta = where(delta.eq(0), ones_like(delta), delta);
        var (r, g, b) = (rgb.select(1, 0), rgb.select(1, 1), rgb.select(1, 2));
        var (rc, gc, bc) = (maxValue.sub(r), maxValue.sub(g), maxValue.sub(b));
        var candidates = stack([bc.sub(gc), safeDelta.mul(2).add(rc).sub(bc), safeDelta.mul(4).add(gc).sub(rc)], 1);
        var hue = candidates.gather(1, firstMax).squeeze(1).div(safeDelta);
        hue = hue.div(6.0).remainder(1.0).mul(2 * Math.PI);
        return stack([hue, saturation, value], 1).MoveToOuterDisposeScope();
    }

    public static Tensor ToRgb(Tensor hsv)
    {
        using var scope = NewDisposeScope();
        var h = hsv.select(1, 0).div(2 * Math.PI);
        var s = hsv.select(1, 1);
        var v = hsv.select(1, 2);
        var sector = h.mul(6).floor().remainder(6);
        var fraction = h.mul(6).remainder(6).sub(sector);
        var p = v.mul(s.neg().add(1));
        var q = v.mul(fraction.mul(s).neg().add(1));
        var t = v.mul(fraction.neg().add(1).mul(s).neg().add(1));
        var index = sector.to(ScalarType.Int64);
        var indices = stack([index, index.add(6), index.add(12)], 1);
        var table = stack([v, q, p, p, t, v, t, v, v, q, p, p, p, p, t, v, v, q], 1);
        return table.gather(1, indices).MoveToOuterDisposeScope();
    }
}
