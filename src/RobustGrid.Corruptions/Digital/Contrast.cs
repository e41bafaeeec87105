using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Digital;

/// <summary>(x − mean)·c + mean with the per-channel spatial mean, in float64 like the reference.</summary>
public sealed class Contrast : ICorruption
{
    private static readonly double[] Factor = [0.75, 0.5, 0.4, 0.3, 0.15];

    public string Name => "contrast";
    public CorruptionFamily Family => CorruptionFamily.Digital;
    public bool IsBenchmark => true;
    public bool IsRandom => false;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        using var scope = NewDisposeScope();
        var x = Pixels.ToUnit(images, ScalarType.Float64);
        var means = x.mean([2, 3], keepdim: true);
        return ((x - means) * Severity.Pick(Factor, severity) + means).clamp_(0, 1).MoveToOuterDisposeScope();
    }
}
