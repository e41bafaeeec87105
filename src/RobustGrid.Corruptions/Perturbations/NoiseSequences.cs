using RobustGrid.Catalog;
using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Perturbations;

/// <summary>The clean image, then 30 independent Gaussian draws: clip(x + N(0, 0.02)) per element.</summary>
public sealed class GaussianNoiseSequence : IPerturbation
{
    private const double Sigma = 0.02;

    public string Name => PerturbationNames.GaussianNoise;
    public int Frames => 31;
    public bool IsNoise => true;
    public bool IsRandom => true;

    public Tensor Sequence(Tensor images, Generator generator)
    {
        using var scope = NewDisposeScope();
        var x = Pixels.ToUnit(images);
        var frames = new List<Tensor> { images };
        for (var i = 1; i < Frames; i++)
        {
            var noise = randn(x.shape, x.dtype, x.device, generator: generator).mul_(Sigma);
            frames.Add(Perturbations.Frames.TruncatedBytes((x + noise).clamp_(0, 1)));
        }
        return Perturbations.Frames.Stack(frames).MoveToOuterDisposeScope();
    }
}

/// <summary>The clean image, then 30 independent Poisson draws: clip(Poisson(700·x) / 700).</summary>
public sealed class ShotNoiseSequence : IPerturbation
{
    private const double Photons = 700;

    public string Name => PerturbationNames.ShotNoise;
    public int Frames => 31;
    public bool IsNoise => true;
    public bool IsRandom => true;

    public Tensor Sequence(Tensor images, Generator generator)
    {
        using var scope = NewDisposeScope();
        var rates = Pixels.ToUnit(images, ScalarType.Float64).mul_(Photons);
        var frames = new List<Tensor> { images };
        for (var i = 1; i < Frames; i++)
            frames.Add(Perturbations.Frames.TruncatedBytes(poisson(rates, generator).div_(Photons).clamp_(0, 1)));
        return Perturbations.Frames.Stack(frames).MoveToOuterDisposeScope();
    }
}
