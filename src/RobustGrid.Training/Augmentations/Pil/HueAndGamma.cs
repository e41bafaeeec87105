using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Augmentations.Pil;

/// <summary>
/// DynTTA's <c>hue</c>: torchvision's PIL <c>adjust_hue(img, f)</c> with f = level·2/10 − 0.5. The image goes to
/// Pillow's 8-bit HSV, the hue byte moves by uint8(f·255) modulo 256 (the cast truncates towards zero, then wraps),
/// and the image comes back to RGB; torchvision returns "L" images unchanged.
/// </summary>
internal sealed class Hue : IImageOp
{
    public string Name => "hue";

    public Tensor Apply(Tensor pixels, OpDraw draw)
    {
        using var scope = NewDisposeScope();
        return Adjust(pixels, PilLevels.Factor(pixels, draw, 2.0, -0.5)).MoveToOuterDisposeScope();
    }

    /// <param name="factor">[M] float64 hue factors in [−0.5, 0.5].</param>
    public static Tensor Adjust(Tensor pixels, Tensor factor)
    {
        using var scope = NewDisposeScope();
        if (pixels.shape[1] != 3) return pixels.clone().MoveToOuterDisposeScope();
        var (h, s, v) = PilHsv.FromRgb(pixels);
        var shift = factor.to(ScalarType.Float64).mul(255).trunc_().reshape(-1, 1, 1);
        return PilHsv.ToRgb(h.add(shift).remainder_(256), s, v).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// DynTTA's <c>gamma</c>: torchvision's PIL <c>adjust_gamma(img, g)</c> with g = level·1.8/10 + 0.1: the look-up
/// table int(255.999·(v/255)^g) on every channel (an "L" image goes through RGB and back unchanged otherwise).
/// </summary>
internal sealed class Gamma : IImageOp
{
    public string Name => "gamma";

    public Tensor Apply(Tensor pixels, OpDraw draw) =>
        Adjust(pixels, PilEnhance.Factor(pixels, draw));

    /// <param name="gamma">[M] float64 exponents.</param>
    public static Tensor Adjust(Tensor pixels, Tensor gamma)
    {
        using var scope = NewDisposeScope();
        var m = pixels.shape[0];
        // Math.Pow is the C library's pow, as Python's: the table's truncation is sensitive to the last bit.
        var exponents = gamma.to(ScalarType.Float64).cpu().data<double>().ToArray();
        var table = new float[m * 256];
        for (var i = 0; i < m; i++)
            for (var level = 0; level < 256; level++)
                table[i * 256 + level] = (float)Math.Floor((255 + 1 - 1e-3) * Math.Pow(level / 255.0, exponents[i]));
        var lut = tensor(table, [m, 256], device: pixels.device);
        var index = pixels.to(ScalarType.Int64).reshape(m, -1);
        return lut.gather(1, index).reshape(pixels.shape).MoveToOuterDisposeScope();
    }
}
