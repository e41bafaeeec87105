using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Tables;
using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Noise;

/// <summary>clip(x + N(0, σ)) per element.</summary>
public sealed class GaussianNoise(CorruptionTable table) : ICorruption
{
    private readonly double[] _sigma = table.GaussianNoise;

    public string Name => "gaussian_noise";
    public CorruptionFamily Family => CorruptionFamily.Noise;
    public bool IsBenchmark => true;
    public bool IsRandom => true;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        using var scope = NewDisposeScope();
        var x = Pixels.ToUnit(images);
        var noise = randn(x.shape, x.dtype, x.device, generator: generator);
        return (x + noise * Severity.Pick(_sigma, severity)).clamp_(0, 1).MoveToOuterDisposeScope();
    }
}
