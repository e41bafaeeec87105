using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Tables;
using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Digital;

/// <summary>HSV saturation ← clip(S·a + b), through skimage's HSV conversion in float64 (an extra, not in
/// mCE).</summary>
public sealed class Saturate(CorruptionTable table) : ICorruption
{
    private readonly (double Scale, double Shift)[] _parameters = table.Saturate;

    public string Name => "saturate";
    public CorruptionFamily Family => CorruptionFamily.Digital;
    public bool IsBenchmark => false;
    public bool IsRandom => false;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        var (scale, shift) = Severity.Pick(_parameters, severity);
        using var scope = NewDisposeScope();
        var hsv = Hsv.FromRgb(Pixels.ToUnit(images, ScalarType.Float64));
        var saturation = (hsv[.., 1] * scale + shift).clamp_(0, 1);
        var changed = stack([hsv[.., 0], saturation, hsv[.., 2]], 1);
        return Hsv.ToRgb(changed).clamp_(0, 1).MoveToOuterDisposeScope();
    }
}
