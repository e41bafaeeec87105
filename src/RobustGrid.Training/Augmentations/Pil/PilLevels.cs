using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Augmentations.Pil;

/// <summary>
/// The level arithmetic of AugMix's augmentations.py, per sample in float64 as Python computes it:
/// level = U(0.1, severity); int_parameter = int(level·max/10); float_parameter = level·max/10.
/// </summary>
internal static class PilLevels
{
    public static Tensor SampleLevel(long count, OpDraw draw, Device device) =>
        RandomDraws.Uniform(count, 0.1, draw.Severity, draw.Generator, device);

    /// <summary>int(level * maxValue / 10); levels are positive, so int() is floor.</summary>
    public static Tensor IntParameter(Tensor level, double maxValue) => level.mul(maxValue).div_(10).floor_();

    public static Tensor FloatParameter(Tensor level, double maxValue) => level.mul(maxValue).div_(10);

    /// <summary>The factor f = float_parameter(level, maxValue) + offset of an op that shifts it into its own range,
    /// one per image of <paramref name="pixels"/>.</summary>
    public static Tensor Factor(Tensor pixels, OpDraw draw, double maxValue, double offset) =>
        FloatParameter(SampleLevel(pixels.shape[0], draw, pixels.device), maxValue).add_(offset);

    /// <summary>Negates each value with probability 1/2 (the reference's `if uniform() > 0.5: v = -v`).</summary>
    public static Tensor RandomSign(Tensor values, OpDraw draw)
    {
        var flip = RandomDraws.Coin(values.shape[0], 0.5, draw.Generator, values.device);
        return where(flip, values.neg(), values);
    }
}
