using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Digital;

/// <summary>HSV saturation ← clip(S·a + b), through skimage's HSV conversion in float64 (an extra, not in
/// mCE).</summary>
public sealed class Saturate : ICorruption
{
    private static readonly (double Scale, double Shift)[] Parameters =
        [(0.3, 0), (0.1, 0), (1.5, 0), (2, 0.1), (2.5, 0.2)];

    public string Name => "saturate";
    public CorruptionFamily Family => CorruptionFamily.Digital;
    public bool IsBenchmark => false;
    public bool IsRandom => false;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        var (scale, shift) = Severity.Pick(Parameters, severity);
        using var scope = NewDisposeScope();
        var hsv = Hsv.FromRgb(Pixels.ToUnit(images, ScalarType.Float64));
        var saturation = (hsv[.., 1] * scale + shift).clamp_(0, 1);
        var changed = stack([hsv[.., 0], saturation, hsv[.., 2]], 1);
        return Hsv.ToRgb(changed).clamp_(0, 1).MoveToOuterDisposeScope();
    }
}
