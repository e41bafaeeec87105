using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Augmentations.Pil;

/// <summary>
/// <c>ImageOps.autocontrast(img)</c> (cutoff 0), per image and channel: lo/hi are the darkest and brightest values;
/// when hi > lo each value v becomes clip(int(v·scale + offset), 0, 255) with scale = 255/(hi−lo), offset = −lo·scale
/// (Pillow's float arithmetic, in float64); otherwise the channel is unchanged.
/// </summary>
internal sealed class Autocontrast : IImageOp
{
    public string Name => "autocontrast";

    public Tensor Apply(Tensor pixels, OpDraw draw)
    {
        using var scope = NewDisposeScope();
        var flat = pixels.to(ScalarType.Float64).flatten(2);
        var lo = flat.amin([2], keepdim: true);
        var hi = flat.amax([2], keepdim: true);
        var scale = hi.sub(lo).reciprocal_().mul_(255.0);
        var offset = lo.neg().mul_(scale);
        var stretched = flat.mul(scale).add_(offset).trunc_().clamp_(0, 255);
        var result = where(hi.gt(lo), stretched, flat);
        return result.reshape(pixels.shape).to(ScalarType.Float32).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// <c>ImageOps.equalize(img)</c>, per image and channel, from the 256-bin histogram h: step = (Σh − h[last non-empty
/// bin]) // 255; step 0 leaves the channel unchanged; otherwise lut[i] = (step//2 + Σ_{j&lt;i} h[j]) // step, clipped
/// to 255 as Pillow's point() does.
/// </summary>
public sealed class Equalize : IImageOp
{
    public string Name => "equalize";

    public Tensor Apply(Tensor pixels, OpDraw draw)
    {
        using var scope = NewDisposeScope();
        var values = pixels.to(ScalarType.Int64).flatten(2);
        var (m, c, size) = (values.shape[0], values.shape[1], values.shape[2]);
        var rows = values.reshape(m * c, size);
        var histogram = zeros([m * c, 256], ScalarType.Int64, pixels.device).scatter_add_(1, rows, ones_like(rows));
        var bins = arange(256, ScalarType.Int64, pixels.device).expand(m * c, 256);
        var lastBin = bins.masked_fill(histogram.eq(0), -1).amax([1], keepdim: true);
        var lastCount = histogram.gather(1, lastBin);
        var step = lastCount.neg().add_(size).div(255, RoundingMode.floor);
        var below = histogram.cumsum(1).sub_(histogram);
        var lut = step.div(2, RoundingMode.floor).add(below).div(step.clamp_min(1), RoundingMode.floor).clamp_max_(255);
        lut = where(step.eq(0), bins, lut);
        return lut.gather(1, rows).reshape(m, c, pixels.shape[2], pixels.shape[3]).to(ScalarType.Float32)
            .MoveToOuterDisposeScope();
    }
}

/// <summary><c>ImageOps.posterize(img, bits)</c> with bits = 4 − int(level·4/10): keeps the top bits of each
/// value.</summary>
internal sealed class Posterize : IImageOp
{
    public string Name => "posterize";

    public Tensor Apply(Tensor pixels, OpDraw draw)
    {
        using var scope = NewDisposeScope();
        var m = pixels.shape[0];
        var bits = PilLevels.IntParameter(PilLevels.SampleLevel(m, draw, pixels.device), 4).neg_().add_(4);
        return KeepTopBits(pixels, bits).MoveToOuterDisposeScope();
    }

    /// <summary>v &amp; ~(2^(8−bits) − 1) per image; <paramref name="bits"/> is [M].</summary>
    public static Tensor KeepTopBits(Tensor pixels, Tensor bits)
    {
        using var scope = NewDisposeScope();
        var quantum = pow(2.0, bits.to(ScalarType.Float64).neg().add_(8)).to(ScalarType.Float32)
            .reshape(pixels.shape[0], 1, 1, 1);
        return pixels.div(quantum).floor_().mul_(quantum).MoveToOuterDisposeScope();
    }
}

/// <summary><c>ImageOps.solarize(img, threshold)</c> with threshold = 256 − int(level·256/10): v ≥ threshold becomes
/// 255 − v.</summary>
internal sealed class Solarize : IImageOp
{
    public string Name => "solarize";

    public Tensor Apply(Tensor pixels, OpDraw draw)
    {
        using var scope = NewDisposeScope();
        var m = pixels.shape[0];
        var threshold = PilLevels.IntParameter(PilLevels.SampleLevel(m, draw, pixels.device), 256).neg_().add_(256);
        return InvertAbove(pixels, threshold).MoveToOuterDisposeScope();
    }

    /// <summary>v &lt; threshold ? v : 255 − v per image; <paramref name="threshold"/> is [M].</summary>
    public static Tensor InvertAbove(Tensor pixels, Tensor threshold)
    {
        using var scope = NewDisposeScope();
        var t = threshold.to(ScalarType.Float32).reshape(pixels.shape[0], 1, 1, 1);
        return where(pixels.lt(t), pixels, pixels.neg().add_(255)).MoveToOuterDisposeScope();
    }
}

/// <summary><c>ImageOps.mirror</c>: left-right flip (IPMix).</summary>
internal sealed class Mirror : IImageOp
{
    public string Name => "mirror";

    public Tensor Apply(Tensor pixels, OpDraw draw) => pixels.flip(3);
}

/// <summary><c>ImageOps.invert</c>: 255 − v (IPMix).</summary>
internal sealed class Invert : IImageOp
{
    public string Name => "invert";

    public Tensor Apply(Tensor pixels, OpDraw draw) => pixels.neg().add_(255);
}

/// <summary>
/// <c>ImageEnhance.Contrast(img).enhance(f)</c> with f = level·1.8/10 + 0.1, one of the 4 ops of AugMix's
/// <c>augmentations_all</c> (--all-ops), which overlap the test corruptions and are off by default. Pillow blends
/// with a flat image at mean = int(mean of the "L" image + 0.5): out = trunc(mean + f·(v − mean)) in float32
/// (ImagingBlend). With f &lt; 1 it lifts a black background to (1 − f)·mean: the one AugMix op that does.
/// </summary>
internal sealed class Contrast : IImageOp
{
    public string Name => "contrast";

    public Tensor Apply(Tensor pixels, OpDraw draw)
    {
        using var scope = NewDisposeScope();
        return Blend(pixels, PilEnhance.Factor(pixels, draw)).MoveToOuterDisposeScope();
    }

    /// <summary>Pillow's contrast blend of each image with its own factor (<paramref name="factor"/> is [M],
    /// float64).</summary>
    public static Tensor Blend(Tensor pixels, Tensor factor)
    {
        using var scope = NewDisposeScope();
        var m = pixels.shape[0];
        var mean = PilEnhance.Luminance(pixels).reshape(m, -1).mean([1]).add_(0.5).floor_().to(ScalarType.Float32)
            .reshape(m, 1, 1, 1);
        return PilEnhance.Blend(mean.expand_as(pixels), pixels, factor).MoveToOuterDisposeScope();
    }
}
