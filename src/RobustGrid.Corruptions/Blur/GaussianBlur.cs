using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Blur;

/// <summary>skimage gaussian(σ) per channel, border 'nearest' (an extra, not in mCE).</summary>
public sealed class GaussianBlur : ICorruption
{
    private static readonly double[] Sigma = [0.4, 0.6, 0.7, 0.8, 1.0];

    public string Name => "gaussian_blur";
    public CorruptionFamily Family => CorruptionFamily.Blur;
    public bool IsBenchmark => false;
    public bool IsRandom => false;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        using var scope = NewDisposeScope();
        var x = Pixels.ToUnit(images, ScalarType.Float64);
        return GaussianFilter.Apply(x, Severity.Pick(Sigma, severity)).clamp_(0, 1).MoveToOuterDisposeScope();
    }
}
