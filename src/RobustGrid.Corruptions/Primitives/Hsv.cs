using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Primitives;

/// <summary>
/// skimage.color.rgb2hsv / hsv2rgb (0.19) on [N, 3, H, W] tensors, including their tie rules: when two channels share
/// the maximum, blue wins over green over red (the later assignment in skimage), and grey pixels get hue 0.
/// </summary>
internal static class Hsv
{
    public static Tensor FromRgb(Tensor rgb)
    {
        using var scope = NewDisposeScope();
        var r = rgb[.., 0];
        var g = rgb[.., 1];
        var b = rgb[.., 2];
        var v = rgb.amax([1]);
        var delta = v - rgb.amin([1]);
        var grey = delta.eq(0);
        var safeDelta = where(grey, ones_like(delta), delta);
        var safeV = where(v.eq(0), ones_like(v), v);
        var s = where(grey, zeros_like(delta), delta / safeV);
        var hueR = (g - b) / safeDelta;
        var hueG = 2.0 + (b - r) / safeDelta;
        var hueB = 4.0 + (r - g) / safeDelta;
        var h = where(b.eq(v), hueB, where(g.eq(v), hueG, hueR));
        // Python's (h / 6) % 1: h/6 lies in [−1/6, 5/6], so only negatives move, by +1 (what numpy's remainder does).
        h = h / 6.0;
        h = where(h < 0, h + 1.0, h);
        h = where(grey, zeros_like(h), h);
        return stack([h, s, v], 1).MoveToOuterDisposeScope();
    }

    private static Tensor Choose(Tensor sector, params Tensor[] candidates)
    {
        var result = candidates[^1];
        for (var k = candidates.Length - 2; k >= 0; k--) result = where(sector == k, candidates[k], result);
        return result;
    }

    public static Tensor ToRgb(Tensor hsv)
    {
        using var scope = NewDisposeScope();
        var h = hsv[.., 0];
        var s = hsv[.., 1];
        var v = hsv[.., 2];
        var hi = (h * 6).floor();
        var f = h * 6 - hi;
        var p = v * (1 - s);
        var q = v * (1 - f * s);
        var t = v * (1 - (1 - f) * s);
        // hi is 0..5 (6 only if h rounds to 1, which skimage maps to sector 0 by "% 6").
        var sector = where(hi >= 6, hi - 6, hi);
        // Sector k of the hue circle takes (r, g, b) from these candidates, as skimage's np.choose table does.
        var red = Choose(sector, v, q, p, p, t, v);
        var green = Choose(sector, t, v, v, q, p, p);
        var blue = Choose(sector, p, p, t, v, v, q);
        return stack([red, green, blue], 1).MoveToOuterDisposeScope();
    }
}
