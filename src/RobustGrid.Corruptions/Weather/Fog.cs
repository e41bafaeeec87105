using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Tables;
using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Weather;

/// <summary>
/// x + c·plasma fractal (diamond-square on the table's map size, decay d,
/// cropped to the image), rescaled by max(x)/(max(x)+c) with max over the whole image.
/// </summary>
public sealed class Fog(CorruptionTable table) : ICorruption
{
    private readonly (double Strength, double Decay)[] _parameters = table.Fog;

    public string Name => "fog";
    public CorruptionFamily Family => CorruptionFamily.Weather;
    public bool IsBenchmark => true;
    public bool IsRandom => true;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        var (strength, decay) = Severity.Pick(_parameters, severity);
        using var scope = NewDisposeScope();
        var n = images.shape[0];
        var x = Pixels.ToUnit(images);
        var max = x.amax([1, 2, 3], keepdim: true);
        var plasma = PlasmaFractal.Generate(n, table.FogMapSize, decay, generator, images.device)
            .to_type(ScalarType.Float32);
        var size = images.shape[2];
        plasma = plasma[.., ..(int)size, ..(int)size].unsqueeze(1);
        var fogged = x + plasma * (float)strength;
        return (fogged * max / (max + strength)).clamp_(0, 1).MoveToOuterDisposeScope();
    }
}
