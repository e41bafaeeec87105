using RobustGrid.Training.Augmentations;
using static TorchSharp.torch;

namespace RobustGrid.TestTime.DynTta;

/// <summary>
/// train.py's geometric transform of every enhancer training image, before the shift:
/// <c>RandomResizedCrop(size)</c> with torchvision's defaults (scale (0.08, 1), ratio (3/4, 4/3), bilinear) to the
/// training image size, then <c>RandomHorizontalFlip()</c> (p = 0.5). Batched: every image draws its own crop and
/// flip from the run's generator.
/// </summary>
internal static class TrainingGeometry
{
    public const double MinScale = 0.08, MaxScale = 1.0, MinRatio = 3.0 / 4, MaxRatio = 4.0 / 3, FlipProbability = 0.5;

    /// <summary>torchvision's get_params tries this many random crops before its central fallback.</summary>
    private const int Attempts = 10;

    /// <summary>uint8 N×C×H×W to uint8 N×C×H×W, each image cropped and/or flipped as the flags say.</summary>
    public static Tensor Apply(Tensor byteImages, bool crop, bool flip, Generator generator)
    {
        using var scope = NewDisposeScope();
        var x = byteImages;
        if (crop) x = ResizedCrop(x, CropBoxes(x.shape[0], (int)x.shape[2], (int)x.shape[3], generator, x.device));
        if (flip)
        {
            var flipped = RandomDraws.Coin(x.shape[0], FlipProbability, generator, x.device).view(-1, 1, 1, 1);
            x = where(flipped, x.flip(3), x);
        }
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// RandomResizedCrop.get_params for <paramref name="count"/> images of height × width: int64 [count, 4] rows
    /// (top, left, crop height, crop width). Each image takes its first of 10 attempts whose crop fits (target area
    /// U(scale)·H·W, aspect exp(U(log ratio)), sides rounded half to even as Python's round), the top and left
    /// uniform over the positions that fit; if none fits, the central crop clamped to the ratio range.
    /// </summary>
    public static Tensor CropBoxes(long count, int height, int width, Generator generator, Device device)
    {
        using var scope = NewDisposeScope();
        var area = RandomDraws.Uniform(count * Attempts, MinScale, MaxScale, generator, device)
            .mul_((double)height * width);
        var logRatio = RandomDraws.Uniform(count * Attempts, Math.Log(MinRatio), Math.Log(MaxRatio), generator, device);
        var ratio = logRatio.exp_();
        var w = area.mul(ratio).sqrt_().round_().view(count, Attempts);
        var h = area.div(ratio).sqrt_().round_().view(count, Attempts);
        var fits = w.gt(0).logical_and_(w.le(width)).logical_and_(h.gt(0)).logical_and_(h.le(height));
        // The first attempt that fits: argmax of a 0/1 row returns its first 1.
        var first = fits.to(ScalarType.Int64).argmax(1, keepdim: true);
        var anyFits = fits.any(1);
        var (fallbackH, fallbackW) = CentralCropSize(height, width);
        var cropH = where(anyFits, h.gather(1, first).squeeze(1), tensor((double)fallbackH, device: device));
        var cropW = where(anyFits, w.gather(1, first).squeeze(1), tensor((double)fallbackW, device: device));
        // randint(0, H − h + 1): floor of U[0, 1)·(H − h + 1).
        var top = RandomDraws.Uniform(count, 0, 1, generator, device).mul_(cropH.neg().add(height + 1)).floor_();
        var left = RandomDraws.Uniform(count, 0, 1, generator, device).mul_(cropW.neg().add(width + 1)).floor_();
        top = where(anyFits, top, tensor((double)((height - fallbackH) / 2), device: device));
        left = where(anyFits, left, tensor((double)((width - fallbackW) / 2), device: device));
        return stack([top, left, cropH, cropW], 1).to(ScalarType.Int64).MoveToOuterDisposeScope();
    }

    /// <summary>The fallback of get_params: the whole image, its longer side cut to the ratio range.</summary>
    private static (int Height, int Width) CentralCropSize(int height, int width)
    {
        var inRatio = (double)width / height;
        if (inRatio < MinRatio) return ((int)Math.Round(width / MinRatio, MidpointRounding.ToEven), width);
        if (inRatio > MaxRatio) return (height, (int)Math.Round(height * MaxRatio, MidpointRounding.ToEven));
        return (height, width);
    }

    /// <summary>
    /// Each image's box resized back to the full size, as PIL's bilinear resize of the cropped image: a crop is never
    /// larger than the image, so this only enlarges, where PIL samples at half-pixel centres and clamps at the crop's
    /// edges (no antialiasing applies). The result is rounded to uint8 as PIL's image is.
    /// </summary>
    internal static Tensor ResizedCrop(Tensor byteImages, Tensor boxes)
    {
        using var scope = NewDisposeScope();
        var (n, height, width) = (byteImages.shape[0], byteImages.shape[2], byteImages.shape[3]);
        var device = byteImages.device;
        var b = boxes.to(ScalarType.Float64).to(device);
        Tensor Coordinates(long size, Tensor start, Tensor length)
        {
            // Output pixel u samples the crop at (u + 0.5)·length/size − 0.5, clamped into the crop.
            var u = arange(size, ScalarType.Float64, device).add_(0.5).unsqueeze(0);
            var inside = u.mul(length.unsqueeze(1)).div_(size).sub_(0.5);
            inside = minimum(inside.clamp_min_(0), length.sub(1).unsqueeze(1));
            // align_corners = true: −1 and 1 are the centres of the first and last pixel.
            return inside.add_(start.unsqueeze(1)).mul_(2.0 / (size - 1)).sub_(1);
        }
        var ys = Coordinates(height, b.select(1, 0), b.select(1, 2));
        var xs = Coordinates(width, b.select(1, 1), b.select(1, 3));
        var grid = stack([xs.unsqueeze(1).expand(n, height, width), ys.unsqueeze(2).expand(n, height, width)], 3);
        var sampled = nn.functional.grid_sample(byteImages.to(ScalarType.Float64), grid,
            GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: true);
        return sampled.round_().clamp_(0, 255).to(ScalarType.Byte).MoveToOuterDisposeScope();
    }
}
