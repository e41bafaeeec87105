using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Augmentations.Pil;

/// <summary>
/// Pillow's <c>ImageEnhance</c> blend, <c>Image.blend(degenerate, image, f)</c> (libImaging/Blend.c): out =
/// degenerate + f·(image − degenerate) in float32 (f reaches C as a float), truncated; clipped to [0, 255] first when
/// f lies outside [0, 1]. The factor of DynTTA's and AugMix's enhance ops is level·1.8/10 + 0.1.
/// </summary>
internal static class PilEnhance
{
    /// <param name="factor">[M] float64, one factor per image.</param>
    public static Tensor Blend(Tensor degenerate, Tensor image, Tensor factor)
    {
        using var scope = NewDisposeScope();
        var f = factor.to(ScalarType.Float32).reshape(image.shape[0], 1, 1, 1);
        return degenerate.add(image.sub(degenerate).mul_(f)).trunc_().clamp_(0, 255).MoveToOuterDisposeScope();
    }

    public static Tensor Factor(Tensor pixels, OpDraw draw) => PilLevels.Factor(pixels, draw, 1.8, 0.1);

    /// <summary><see cref="Blend"/> of <paramref name="pixels"/> with the degenerate image its op makes of them.
    /// </summary>
    public static Tensor Enhance(Tensor pixels, Tensor factor, Func<Tensor, Tensor> degenerate)
    {
        using var scope = NewDisposeScope();
        return Blend(degenerate(pixels), pixels, factor).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Pillow's RGB → "L" conversion, (19595 R + 38470 G + 7471 B + 0x8000) >> 16, as M×H×W float64; a one-channel
    /// image is already "L".
    /// </summary>
    public static Tensor Luminance(Tensor pixels)
    {
        using var scope = NewDisposeScope();
        var values = pixels.to(ScalarType.Float64);
        var grey = pixels.shape[1] == 3
            ? values.select(1, 0).mul(19595).add_(values.select(1, 1).mul(38470)).add_(values.select(1, 2).mul(7471))
                .add_(32768).div_(65536).floor_()
            : values.select(1, 0);
        return grey.MoveToOuterDisposeScope();
    }
}

/// <summary>
/// <c>ImageEnhance.Color(img).enhance(f)</c>: blends with the image's own "L" version; an "L" image is its own
/// degenerate, so grey images come back unchanged.
/// </summary>
internal sealed class Color : IImageOp
{
    public string Name => "color";

    public Tensor Apply(Tensor pixels, OpDraw draw) =>
        Enhance(pixels, PilEnhance.Factor(pixels, draw));

    public static Tensor Enhance(Tensor pixels, Tensor factor) =>
        PilEnhance.Enhance(pixels, factor,
            p => PilEnhance.Luminance(p).unsqueeze(1).to(ScalarType.Float32).expand_as(p));
}

/// <summary>
/// <c>ImageEnhance.Brightness(img).enhance(f)</c>: blends with a black image, i.e. trunc(f·v), clipped.
/// </summary>
internal sealed class Brightness : IImageOp
{
    public string Name => "brightness";

    public Tensor Apply(Tensor pixels, OpDraw draw) =>
        Enhance(pixels, PilEnhance.Factor(pixels, draw));

    public static Tensor Enhance(Tensor pixels, Tensor factor) =>
        PilEnhance.Enhance(pixels, factor, p => zeros_like(p));
}

/// <summary>
/// <c>ImageEnhance.Sharpness(img).enhance(f)</c>: blends with <c>filter(ImageFilter.SMOOTH)</c>, the 3×3 kernel
/// [[1,1,1],[1,5,1],[1,1,1]]/13 (float32 taps). Pillow's 3×3 filter (libImaging/Filter.c) keeps the 1-pixel border,
/// adds 0.5 for rounding, sums the row below, the row itself and the row above, each left to right, in float32, and
/// truncates into [0, 255].
/// </summary>
internal sealed class Sharpness : IImageOp
{
    public string Name => "sharpness";

    public Tensor Apply(Tensor pixels, OpDraw draw) =>
        Enhance(pixels, PilEnhance.Factor(pixels, draw));

    public static Tensor Enhance(Tensor pixels, Tensor factor) => PilEnhance.Enhance(pixels, factor, Smooth);

    public static Tensor Smooth(Tensor pixels)
    {
        using var scope = NewDisposeScope();
        var (h, w) = (pixels.shape[2], pixels.shape[3]);
        // Pillow returns a copy of an image smaller than the kernel.
        if (h < 3 || w < 3) return pixels.clone().MoveToOuterDisposeScope();
        var (edge, centre) = (1f / 13f, 5f / 13f);
        Tensor Taps(long row, float middle)
        {
            var rows = pixels.narrow(2, row, h - 2);
            return rows.narrow(3, 0, w - 2).mul(edge).add_(rows.narrow(3, 1, w - 2).mul(middle))
                .add_(rows.narrow(3, 2, w - 2).mul(edge));
        }
        var sum = Taps(2, edge).add_(0.5f).add_(Taps(1, centre)).add_(Taps(0, edge));
        var smoothed = pixels.clone();
        smoothed.narrow(2, 1, h - 2).narrow(3, 1, w - 2).copy_(sum.trunc_().clamp_(0, 255));
        return smoothed.MoveToOuterDisposeScope();
    }
}
