using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Tables;
using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Noise;

/// <summary>clip(x + x·N(0, c)): noise proportional to intensity (an extra, not in mCE).</summary>
public sealed class SpeckleNoise(CorruptionTable table) : ICorruption
{
    private readonly double[] _scale = table.SpeckleNoise;

    public string Name => "speckle_noise";
    public CorruptionFamily Family => CorruptionFamily.Noise;
    public bool IsBenchmark => false;
    public bool IsRandom => true;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        using var scope = NewDisposeScope();
        var x = Pixels.ToUnit(images);
        var noise = randn(x.shape, x.dtype, x.device, generator: generator).mul_(Severity.Pick(_scale, severity));
        return (x + x * noise).clamp_(0, 1).MoveToOuterDisposeScope();
    }
}
