using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Data;

/// <summary>Per-channel (x - mean) / std on images already scaled to [0, 1].</summary>
public sealed record Normalization(double[] Mean, double[] Std)
{
    /// <summary>The [-1, 1] mapping (mean 0.5, std 0.5) that AugMix, PixMix and IPMix use.</summary>
    public static Normalization SymmetricUnit(int channels) =>
        new(Enumerable.Repeat(0.5, channels).ToArray(), Enumerable.Repeat(0.5, channels).ToArray());

    public Tensor Apply(Tensor unitImages)
    {
        using var scope = NewDisposeScope();
        var shape = new long[] { 1, Mean.Length, 1, 1 };
        var mean = tensor(Mean, ScalarType.Float32, unitImages.device).reshape(shape);
        var std = tensor(Std, ScalarType.Float32, unitImages.device).reshape(shape);
        return unitImages.sub(mean).div_(std).MoveToOuterDisposeScope();
    }

    /// <summary>uint8 images to normalised float32.</summary>
    public Tensor FromBytes(Tensor byteImages)
    {
        using var scope = NewDisposeScope();
        return Apply(byteImages.to(ScalarType.Float32).div_(255.0)).MoveToOuterDisposeScope();
    }
}
