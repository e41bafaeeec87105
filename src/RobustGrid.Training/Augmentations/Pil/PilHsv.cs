using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Augmentations.Pil;

/// <summary>
/// Pillow's 8-bit RGB ↔ HSV conversions (libImaging/Convert.c, rgb2hsv_row and hsv2rgb), with their mix of float32
/// and double arithmetic, on M×3×H×W images of whole numbers; the channels come as M×H×W float64 tensors.
/// </summary>
internal static class PilHsv
{
    public static (Tensor H, Tensor S, Tensor V) FromRgb(Tensor pixels)
    {
        using var scope = NewDisposeScope();
        var rgb = pixels.to(ScalarType.Float32);
        var (r, g, b) = (rgb.select(1, 0), rgb.select(1, 1), rgb.select(1, 2));
        var max = rgb.amax([1]);
        var min = rgb.amin([1]);
        var grey = max.eq(min);
        var range = max.sub(min).clamp_min_(1);
        var s = range.div(max.clamp_min(1));
        var rc = max.sub(r).div_(range).to(ScalarType.Float64);
        var gc = max.sub(g).div_(range).to(ScalarType.Float64);
        var bc = max.sub(b).div_(range);
        var hue = where(r.eq(max), bc.sub(gc.to(ScalarType.Float32)).to(ScalarType.Float64),
            where(g.eq(max), rc.add(2.0).sub_(bc.to(ScalarType.Float64)), gc.add(4.0).sub_(rc))
                .to(ScalarType.Float32).to(ScalarType.Float64));
        hue = hue.div(6.0).add_(1.0).fmod_(1.0).to(ScalarType.Float32).to(ScalarType.Float64);
        var h = where(grey, zeros_like(hue), hue.mul(255.0).trunc_());
        var sat = where(grey, zeros_like(hue), s.to(ScalarType.Float64).mul(255.0).trunc_());
        var (outH, outS, outV) = (h.clamp(0, 255), sat.clamp(0, 255), max.to(ScalarType.Float64));
        return (outH.MoveToOuterDisposeScope(), outS.MoveToOuterDisposeScope(), outV.MoveToOuterDisposeScope());
    }

    public static Tensor ToRgb(Tensor h, Tensor s, Tensor v)
    {
        using var scope = NewDisposeScope();
        var sector = h.mul(6.0).div_(255.0).floor_();
        var f = h.mul(6.0).div_(255.0).sub_(sector).to(ScalarType.Float32);
        var fs = s.div(255.0).to(ScalarType.Float32);
        var fsD = fs.to(ScalarType.Float64);
        Tensor Round(Tensor x) => x.add(0.5).floor_().clamp_(0, 255);
        var p = Round(v.mul(fsD.neg().add(1.0)));
        var q = Round(v.mul(fs.mul(f).to(ScalarType.Float64).neg_().add_(1.0)));
        var t = Round(v.mul(fsD.mul(f.to(ScalarType.Float64).neg().add_(1.0)).neg_().add_(1.0)));
        var i = sector.remainder(6).to(ScalarType.Int64);
        Tensor Pick(params Tensor[] bySector)
        {
            var choice = bySector[5];
            for (var k = 4; k >= 0; k--) choice = where(i.eq(k), bySector[k], choice);
            return choice;
        }
        var red = Pick(v, q, p, p, t, v);
        var green = Pick(t, v, v, q, p, p);
        var blue = Pick(p, p, t, v, v, q);
        var rgb = stack([red, green, blue], 1);
        var greyish = s.eq(0).unsqueeze(1);
        return where(greyish, v.unsqueeze(1).expand_as(rgb), rgb).to(ScalarType.Float32).MoveToOuterDisposeScope();
    }
}
