using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Tables;
using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Digital;

/// <summary>(x − mean)·c + mean with the per-channel spatial mean, in float64 like the reference.</summary>
public sealed class Contrast(CorruptionTable table) : ICorruption
{
    private readonly double[] _factor = table.Contrast;

    public string Name => "contrast";
    public CorruptionFamily Family => CorruptionFamily.Digital;
    public bool IsBenchmark => true;
    public bool IsRandom => false;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        using var scope = NewDisposeScope();
        var x = Pixels.ToUnit(images, ScalarType.Float64);
        var means = x.mean([2, 3], keepdim: true);
        return ((x - means) * Severity.Pick(_factor, severity) + means).clamp_(0, 1).MoveToOuterDisposeScope();
    }
}
