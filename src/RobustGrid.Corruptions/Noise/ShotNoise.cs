using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Noise;

/// <summary>clip(Poisson(x·c) / c) per element: photon noise with c photons at full intensity.</summary>
public sealed class ShotNoise : ICorruption
{
    private static readonly double[] Photons = [500, 250, 100, 75, 50];

    public string Name => "shot_noise";
    public CorruptionFamily Family => CorruptionFamily.Noise;
    public bool IsBenchmark => true;
    public bool IsRandom => true;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        using var scope = NewDisposeScope();
        var c = Severity.Pick(Photons, severity);
        var rate = Pixels.ToUnit(images).mul_(c);
        return (poisson(rate, generator) / c).clamp_(0, 1).MoveToOuterDisposeScope();
    }
}
