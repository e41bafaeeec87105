using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Tables;
using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Blur;

/// <summary>skimage gaussian(σ) per channel, border 'nearest' (an extra, not in mCE).</summary>
public sealed class GaussianBlur(CorruptionTable table) : ICorruption
{
    private readonly double[] _sigma = table.GaussianBlur;

    public string Name => "gaussian_blur";
    public CorruptionFamily Family => CorruptionFamily.Blur;
    public bool IsBenchmark => false;
    public bool IsRandom => false;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        using var scope = NewDisposeScope();
        var x = Pixels.ToUnit(images, ScalarType.Float64);
        return GaussianFilter.ApplyInScipyOrder(x, Severity.Pick(_sigma, severity)).clamp_(0, 1)
            .MoveToOuterDisposeScope();
    }
}
