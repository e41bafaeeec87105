using RobustGrid.Corruptions.Primitives;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Augmentations.Pil;

/// <summary>
/// <c>img.rotate(deg, BILINEAR)</c> with deg = ±int(level·3): counter-clockwise about (W/2, H/2), black fill, same
/// size. Pillow builds the inverse matrix from θ = −radians(deg mod 360) with cos/sin rounded to 15 decimals
/// (Image.rotate), which makes right angles exact.
/// </summary>
internal sealed class Rotate : IImageOp
{
    public string Name => "rotate";

    public Tensor Apply(Tensor pixels, OpDraw draw)
    {
        using var scope = NewDisposeScope();
        var (m, h, w) = (pixels.shape[0], pixels.shape[2], pixels.shape[3]);
        var degrees = PilLevels.RandomSign(PilLevels.IntParameter(PilLevels.SampleLevel(m, draw, pixels.device), 30),
            draw);
        return PilAffine.Transform(pixels, Matrix(degrees, h, w), bilinear: true).MoveToOuterDisposeScope();
    }

    /// <summary>Pillow's inverse matrix for rotating H×W images counter-clockwise by <paramref name="degrees"/> ([M],
    /// float64).</summary>
    public static Tensor Matrix(Tensor degrees, long h, long w)
    {
        using var scope = NewDisposeScope();
        var theta = degrees.remainder(360.0).mul_(-Math.PI / 180.0);
        var cos = theta.cos().mul_(1e15).round_().div_(1e15);
        var sin = theta.sin().mul_(1e15).round_().div_(1e15);
        var (cx, cy) = (w / 2.0, h / 2.0);
        var c = cos.mul(-cx).add_(sin.mul(-cy)).add_(cx);
        var f = sin.neg().mul_(-cx).add_(cos.mul(-cy)).add_(cy);
        return PilAffine.Matrix(cos, sin, c, sin.neg(), cos, f).MoveToOuterDisposeScope();
    }
}

/// <summary>AFFINE (1, s, 0, 0, 1, 0) for x or (1, 0, 0, s, 1, 0) for y, s = ±level·0.3/10, bilinear.</summary>
internal sealed class Shear(bool alongX) : IImageOp
{
    public string Name => alongX ? "shear_x" : "shear_y";

    public Tensor Apply(Tensor pixels, OpDraw draw)
    {
        using var scope = NewDisposeScope();
        var m = pixels.shape[0];
        var s = PilLevels.RandomSign(PilLevels.FloatParameter(PilLevels.SampleLevel(m, draw, pixels.device), 0.3),
            draw);
        return PilAffine.Transform(pixels, Matrix(s), bilinear: true).MoveToOuterDisposeScope();
    }

    /// <summary>The shear matrices for factors <paramref name="s"/> ([M], float64).</summary>
    public Tensor Matrix(Tensor s)
    {
        using var scope = NewDisposeScope();
        var (one, zero) = (ones_like(s), zeros_like(s));
        var matrix = alongX ? PilAffine.Matrix(one, s, zero, zero, one, zero)
            : PilAffine.Matrix(one, zero, zero, s, one, zero);
        return matrix.MoveToOuterDisposeScope();
    }
}

/// <summary>
/// AFFINE (1, 0, t, 0, 1, 0) for x or (1, 0, 0, 0, 1, t) for y with t = ±int(level·(size/3)/10): the content moves
/// by −t pixels. The reference's IMAGE_SIZE (32 on CIFAR) is the image's own width (x) or height (y) here.
/// </summary>
internal sealed class Translate(bool alongX) : IImageOp
{
    public string Name => alongX ? "translate_x" : "translate_y";

    public Tensor Apply(Tensor pixels, OpDraw draw)
    {
        using var scope = NewDisposeScope();
        var m = pixels.shape[0];
        var size = alongX ? pixels.shape[3] : pixels.shape[2];
        var t = PilLevels.RandomSign(PilLevels.IntParameter(PilLevels.SampleLevel(m, draw, pixels.device), size / 3.0),
            draw);
        return PilAffine.Transform(pixels, Matrix(t), bilinear: true).MoveToOuterDisposeScope();
    }

    /// <summary>The translation matrices for offsets <paramref name="t"/> ([M] pixels, float64).</summary>
    public Tensor Matrix(Tensor t)
    {
        using var scope = NewDisposeScope();
        var (one, zero) = (ones_like(t), zeros_like(t));
        var matrix = alongX ? PilAffine.Matrix(one, zero, t, zero, one, zero)
            : PilAffine.Matrix(one, zero, zero, zero, one, t);
        return matrix.MoveToOuterDisposeScope();
    }
}
