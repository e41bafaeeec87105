using RobustGrid.Catalog;
using RobustGrid.Corruptions.Primitives;
using RobustGrid.Corruptions.Weather;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Perturbations;

/// <summary>
/// Water splashes (CIFAR-10-C's spatter chain, intensity 0.6) from one random liquid layer per image, N(0.6, 0.265)
/// smoothed by σ 1.75 and cut below 0.7, which runs down the image: between frames every column is convolved with
/// (0.2, 0.8), so each row becomes 0.8 of the row above plus 0.2 of itself.
/// </summary>
public sealed class SpatterSequence : IPerturbation
{
    private const double Loc = 0.6, Scale = 0.265, Sigma = 1.75, Threshold = 0.7, Intensity = 0.6;

    public string Name => PerturbationNames.Spatter;
    public int Frames => 31;
    public bool IsNoise => false;
    public bool IsRandom => true;

    public Tensor Sequence(Tensor images, Generator generator)
    {
        using var scope = NewDisposeScope();
        var (n, h, w) = (images.shape[0], images.shape[2], images.shape[3]);
        var x = Pixels.ToUnit(images);
        var liquid = randn([n, h, w], ScalarType.Float32, images.device, generator: generator).mul_(Scale).add_(Loc);
        liquid = GaussianFilter.Apply(liquid, Sigma);
        liquid = liquid.masked_fill(liquid < Threshold, 0);
        var frames = new List<Tensor>();
        for (var i = 0; i < Frames; i++)
        {
            frames.Add(Perturbations.Frames.TruncatedBytes(Spatter.Water(x, liquid, Intensity).clamp_(0, 1)));
            var above = nn.functional.pad(liquid[.., ..(int)(h - 1)], [0, 0, 1, 0]);
            liquid = liquid * 0.2 + above * 0.8;
        }
        return Perturbations.Frames.Stack(frames).MoveToOuterDisposeScope();
    }
}
