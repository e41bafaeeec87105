using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Weather;

/// <summary>
/// x + c·plasma fractal (diamond-square, 32×32, decay d), rescaled by max(x)/(max(x)+c) with max over the whole image.
/// </summary>
public sealed class Fog : ICorruption
{
    private static readonly (double Strength, double Decay)[] Parameters =
        [(0.2, 3), (0.5, 3), (0.75, 2.5), (1, 2), (1.5, 1.75)];

    public string Name => "fog";
    public CorruptionFamily Family => CorruptionFamily.Weather;
    public bool IsBenchmark => true;
    public bool IsRandom => true;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        var (strength, decay) = Severity.Pick(Parameters, severity);
        using var scope = NewDisposeScope();
        var n = images.shape[0];
        var x = Pixels.ToUnit(images);
        var max = x.amax([1, 2, 3], keepdim: true);
        var plasma = PlasmaFractal.Generate(n, 32, decay, generator, images.device).to_type(ScalarType.Float32);
        var size = images.shape[2];
        plasma = plasma[.., ..(int)size, ..(int)size].unsqueeze(1);
        var fogged = x + plasma * (float)strength;
        return (fogged * max / (max + strength)).clamp_(0, 1).MoveToOuterDisposeScope();
    }
}
