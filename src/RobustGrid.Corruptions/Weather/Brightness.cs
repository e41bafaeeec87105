using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Tables;
using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Weather;

/// <summary>HSV value + c (clipped), through skimage's rgb2hsv/hsv2rgb, in float64 like the reference.</summary>
public sealed class Brightness(CorruptionTable table) : ICorruption
{
    private readonly double[] _shift = table.Brightness;

    public string Name => "brightness";
    public CorruptionFamily Family => CorruptionFamily.Weather;
    public bool IsBenchmark => true;
    public bool IsRandom => false;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        using var scope = NewDisposeScope();
        var hsv = Hsv.FromRgb(Pixels.ToUnit(images, ScalarType.Float64));
        var value = (hsv[.., 2] + Severity.Pick(_shift, severity)).clamp_(0, 1);
        var shifted = stack([hsv[.., 0], hsv[.., 1], value], 1);
        return Hsv.ToRgb(shifted).clamp_(0, 1).MoveToOuterDisposeScope();
    }
}
