using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Digital;

/// <summary>PIL BOX resize down to int(32·c) pixels and back up to 32, bit-exact (see
/// <see cref="PilBoxResize"/>).</summary>
public sealed class Pixelate : ICorruption
{
    private static readonly double[] Factor = [0.95, 0.9, 0.85, 0.75, 0.65];

    public string Name => "pixelate";
    public CorruptionFamily Family => CorruptionFamily.Digital;
    public bool IsBenchmark => true;
    public bool IsRandom => false;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        using var scope = NewDisposeScope();
        var (h, w) = ((int)images.shape[2], (int)images.shape[3]);
        var factor = Severity.Pick(Factor, severity);
        var (sh, sw) = ((int)(h * factor), (int)(w * factor));
        var x = images.to_type(ScalarType.Float64);
        var small = PilBoxResize.Resize(x, sh, sw);
        var back = PilBoxResize.Resize(small, h, w);
        return back.to_type(ScalarType.Byte).MoveToOuterDisposeScope();
    }
}
