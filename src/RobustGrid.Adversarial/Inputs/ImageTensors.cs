using RobustGrid.Data;
using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Inputs;

/// <summary>Converts an <see cref="ImageSet"/> (uint8, N×H×W×C) to what the attacks take: NCHW float32 in [0,
/// 1].</summary>
public static class ImageTensors
{
    /// <returns>Images [N, C, H, W] in [0, 1] and int64 labels [N], on <paramref name="device"/>.</returns>
    public static (Tensor Images, Tensor Labels) From(ImageSet set, int count, Device? device = null)
    {
        using var scope = NewDisposeScope();
        var n = Math.Min(count, set.Count);
        var pixels = tensor(set.Pixels.AsSpan(0, n * set.ImageBytes).ToArray(),
            new long[] { n, set.Height, set.Width, set.Channels });
        var labels = tensor(set.Labels.AsSpan(0, n).ToArray(), ScalarType.Int32).to(ScalarType.Int64);
        var images = (pixels.permute(0, 3, 1, 2).to_type(ScalarType.Float32) / 255.0).contiguous();
        var target = device ?? CPU;
        return (images.to(target).MoveToOuterDisposeScope(), labels.to(target).MoveToOuterDisposeScope());
    }
}
