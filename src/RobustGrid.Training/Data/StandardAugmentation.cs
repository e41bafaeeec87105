using RobustGrid.Data.Preprocessing;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Data;

/// <summary>
/// The standard CIFAR augmentation, batched on the device: random crop from a zero-padded image (padding 4)
/// and a horizontal flip with probability 1/2. Each sample's offsets come from one seeded generator, so a batch
/// is one gather, never a loop over images.
/// </summary>
public sealed record StandardAugmentation(int Padding, bool HorizontalFlip)
{
    public static readonly StandardAugmentation None = new(0, false);
    /// <summary>The training augmentation of <see cref="ImagePreprocessing"/>'s native sizes.</summary>
    public static readonly StandardAugmentation CropAndFlip = new(ImagePreprocessing.NativeCropPadding, true);

    public bool IsIdentity => Padding == 0 && !HorizontalFlip;

    /// <summary>Augments uint8 or float N×C×H×W images; returns a tensor of the same dtype.</summary>
    public Tensor Apply(Tensor images, Generator generator)
    {
        if (IsIdentity) return images.alias();
        using var scope = NewDisposeScope();
        var (n, c, h, w) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3]);
        var x = images;
        if (Padding > 0)
        {
            var padded = nn.functional.pad(images, [Padding, Padding, Padding, Padding]);
            var paddedWidth = w + 2 * Padding;
            var span = 2 * Padding + 1;
            var offsetY = randint(0, span, [n, 1, 1], ScalarType.Int64, images.device, generator: generator);
            var offsetX = randint(0, span, [n, 1, 1], ScalarType.Int64, images.device, generator: generator);
            var rows = arange(h, ScalarType.Int64, images.device).reshape(1, h, 1).add(offsetY);
            var cols = arange(w, ScalarType.Int64, images.device).reshape(1, 1, w).add(offsetX);
            var index = rows.mul(paddedWidth).add(cols).reshape(n, 1, h * w).expand(n, c, h * w);
            x = padded.reshape(n, c, -1).gather(2, index).reshape(n, c, h, w);
        }
        if (HorizontalFlip)
        {
            var flip = rand([n], ScalarType.Float32, images.device, generator: generator).lt(0.5).reshape(n, 1, 1, 1);
            x = where(flip, x.flip(3), x);
        }
        return x.MoveToOuterDisposeScope();
    }
}
