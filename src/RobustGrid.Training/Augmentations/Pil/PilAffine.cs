using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Augmentations.Pil;

/// <summary>
/// Pillow's <c>Image.transform(size, AFFINE, (a,b,c,d,e,f), BILINEAR)</c> for a batch, each image with its own
/// matrix. Pillow (libImaging/Geometry.c) maps output pixel (x, y) to the input point
/// (a·(x+½) + b·(y+½) + c, d·(x+½) + e·(y+½) + f); a point outside [0,W)×[0,H) gives the fill 0; otherwise
/// it subtracts ½, interpolates bilinearly with edge-clamped neighbours in double precision and truncates
/// to uint8. This does the same in float64.
/// </summary>
internal static class PilAffine
{
    /// <param name="pixels">float32 M×C×H×W holding 0..255.</param>
    /// <param name="matrix">float64 M×6: (a, b, c, d, e, f) per image.</param>
    public static Tensor Transform(Tensor pixels, Tensor matrix)
    {
        using var scope = NewDisposeScope();
        var (m, c, h, w) = (pixels.shape[0], pixels.shape[1], pixels.shape[2], pixels.shape[3]);
        var device = pixels.device;
        var xs = arange(w, ScalarType.Float64, device).add_(0.5).reshape(1, 1, w);
        var ys = arange(h, ScalarType.Float64, device).add_(0.5).reshape(1, h, 1);
        Tensor Coefficient(int i) => matrix.select(1, i).reshape(m, 1, 1);
        var xin = Coefficient(0).mul(xs).add(Coefficient(1).mul(ys)).add_(Coefficient(2));
        var yin = Coefficient(3).mul(xs).add(Coefficient(4).mul(ys)).add_(Coefficient(5));
        var outside = xin.lt(0).logical_or_(xin.ge(w)).logical_or_(yin.lt(0)).logical_or_(yin.ge(h));
        xin = xin.sub(0.5);
        yin = yin.sub(0.5);
        var x0 = xin.floor();
        var y0 = yin.floor();
        var dx = xin.sub(x0).unsqueeze(1);
        var dy = yin.sub(y0).unsqueeze(1);
        var left = x0.clamp(0, w - 1).to(ScalarType.Int64);
        var right = x0.add(1).clamp_(0, w - 1).to(ScalarType.Int64);
        var top = y0.clamp(0, h - 1).to(ScalarType.Int64);
        var bottom = y0.add(1).clamp_(0, h - 1).to(ScalarType.Int64);
        var flat = pixels.to(ScalarType.Float64).reshape(m, c, h * w);
        Tensor Pick(Tensor row, Tensor column) =>
            flat.gather(2, row.mul(w).add_(column).reshape(m, 1, h * w).expand(m, c, h * w)).reshape(m, c, h, w);
        var topLeft = Pick(top, left);
        var topRight = Pick(top, right);
        var bottomLeft = Pick(bottom, left);
        var bottomRight = Pick(bottom, right);
        var upper = topLeft.add(topRight.sub(topLeft).mul_(dx));
        var lower = bottomLeft.add(bottomRight.sub(bottomLeft).mul_(dx));
        var value = upper.add(lower.sub(upper).mul_(dy)).trunc_();
        return value.masked_fill_(outside.unsqueeze(1), 0).to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>Stacks per-image coefficient tensors ([M] each, float64) into the M×6 matrix.</summary>
    public static Tensor Matrix(Tensor a, Tensor b, Tensor c, Tensor d, Tensor e, Tensor f) =>
        stack([a, b, c, d, e, f], 1);
}
