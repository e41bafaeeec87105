using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Tables;
using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Digital;

/// <summary>PIL BOX resize down to int(size·c) pixels and back up to the image size, bit-exact (see
/// <see cref="PilBoxResize"/>).</summary>
public sealed class Pixelate(CorruptionTable table) : ICorruption
{
    private readonly double[] _factor = table.Pixelate;

    public string Name => "pixelate";
    public CorruptionFamily Family => CorruptionFamily.Digital;
    public bool IsBenchmark => true;
    public bool IsRandom => false;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        using var scope = NewDisposeScope();
        var (h, w) = ((int)images.shape[2], (int)images.shape[3]);
        var factor = Severity.Pick(_factor, severity);
        var (sh, sw) = ((int)(h * factor), (int)(w * factor));
        var x = images.to_type(ScalarType.Float64);
        var small = PilBoxResize.Resize(x, sh, sw);
        var back = PilBoxResize.Resize(small, h, w);
        return back.to_type(ScalarType.Byte).MoveToOuterDisposeScope();
    }
}
