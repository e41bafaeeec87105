using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Tables;
using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Noise;

/// <summary>
/// skimage.util.random_noise(mode='s&amp;p'): every element (each channel separately) is replaced with probability
/// <c>amount</c>, by 1 or 0 with equal odds.
/// </summary>
public sealed class ImpulseNoise(CorruptionTable table) : ICorruption
{
    private readonly double[] _amount = table.ImpulseNoise;

    public string Name => "impulse_noise";
    public CorruptionFamily Family => CorruptionFamily.Noise;
    public bool IsBenchmark => true;
    public bool IsRandom => true;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        using var scope = NewDisposeScope();
        var x = Pixels.ToUnit(images);
        // One uniform draw per element: u < amount/2 is salt, amount/2 ≤ u < amount is pepper — the same
        // distribution as skimage's independent "flipped" and "salted" draws.
        var amount = Severity.Pick(_amount, severity);
        var u = rand(x.shape, x.dtype, x.device, generator: generator);
        return x.masked_fill(u < amount, 0).masked_fill_(u < amount / 2, 1).MoveToOuterDisposeScope();
    }
}
