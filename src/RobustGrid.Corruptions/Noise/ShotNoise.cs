using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Tables;
using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Noise;

/// <summary>clip(Poisson(x·c) / c) per element: photon noise with c photons at full intensity.</summary>
public sealed class ShotNoise(CorruptionTable table) : ICorruption
{
    private readonly double[] _photons = table.ShotNoise;

    public string Name => "shot_noise";
    public CorruptionFamily Family => CorruptionFamily.Noise;
    public bool IsBenchmark => true;
    public bool IsRandom => true;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        using var scope = NewDisposeScope();
        var c = Severity.Pick(_photons, severity);
        var rate = Pixels.ToUnit(images).mul_(c);
        return (poisson(rate, generator) / c).clamp_(0, 1).MoveToOuterDisposeScope();
    }
}
