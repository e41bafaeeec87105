using SkiaSharp;

namespace RobustGrid.Data.Preprocessing;

/// <summary>
/// The standard preprocessing of an image dataset by its image size S, the one rule training and evaluation
/// follow. Up to <see cref="NativeLimit"/> pixels (CIFAR, Tiny-ImageNet) images are used at their size, resized to
/// S×S only when they differ, and training adds the CIFAR augmentation on the device (random crop from a 4-pixel
/// zero padding, horizontal flip). Above it (ImageNet) the reference scripts of torchvision apply: evaluation resizes
/// the shorter side to S·256/224 (256 at 224) and crops the centre S×S; training takes a random-resized crop (area
/// 8–100 % of the image, aspect ratio 3/4–4/3) resized to S×S and flips it horizontally with probability 1/2. Resizing
/// is bilinear (from mipmaps when shrinking, so large reductions do not alias).
/// </summary>
public sealed record ImagePreprocessing(int ImageSize)
{
    /// <summary>Largest image size used as it is.</summary>
    public const int NativeLimit = 64;
    /// <summary>The ImageNet default for images larger than <see cref="NativeLimit"/>.</summary>
    public const int ImageNetSize = 224;
    public const double MinCropScale = 0.08;
    public const double MaxCropScale = 1.0;
    public const double MinCropRatio = 3.0 / 4.0;
    public const double MaxCropRatio = 4.0 / 3.0;
    /// <summary>Padding of the random crop that training adds to native-size images.</summary>
    public const int NativeCropPadding = 4;

    public static ImagePreprocessing For(int imageSize) => imageSize > 0
        ? new ImagePreprocessing(imageSize)
        : throw new ArgumentOutOfRangeException(nameof(imageSize), $"image size {imageSize} must be positive");

    /// <summary>The image size a dataset gets by default from its first image: its own up to
    /// <see cref="NativeLimit"/>, <see cref="ImageNetSize"/> above.</summary>
    public static int DefaultSize(int height, int width)
    {
        var side = Math.Max(height, width);
        return side <= NativeLimit ? side : ImageNetSize;
    }

    /// <summary>Whether images keep their size (and training augments them on the device); false: the ImageNet
    /// crops, which training takes while decoding.</summary>
    public bool IsNative => ImageSize <= NativeLimit;

    /// <summary>Shorter side after the evaluation resize, before the centre crop.</summary>
    public int EvaluationResize => IsNative ? ImageSize : (int)Math.Round(ImageSize * 256.0 / 224.0);

    public int ImageBytes => ImageSize * ImageSize * 3;

    /// <summary>The evaluation view of <paramref name="source"/>, written as S×S×3 bytes.</summary>
    public void Evaluate(SKBitmap source, Span<byte> destination)
    {
        if (IsNative)
        {
            Draw(source, new SKRect(0, 0, source.Width, source.Height), false, destination);
            return;
        }
        var scale = (double)EvaluationResize / Math.Min(source.Width, source.Height);
        // The centre S×S of the resized image is this rectangle of the source.
        var side = ImageSize / scale;
        var left = (source.Width - side) / 2;
        var top = (source.Height - side) / 2;
        Draw(source, new SKRect((float)left, (float)top, (float)(left + side), (float)(top + side)), false,
            destination);
    }

    /// <summary>
    /// The training view: for native sizes the evaluation view (the device adds crop and flip), otherwise a random
    /// resized crop and flip drawn from <paramref name="random"/>, as torchvision's <c>RandomResizedCrop</c> draws
    /// it (ten tries, then the centre crop at the nearest allowed ratio).
    /// </summary>
    public void Train(SKBitmap source, Random random, Span<byte> destination)
    {
        if (IsNative)
        {
            Evaluate(source, destination);
            return;
        }
        Draw(source, RandomCrop(source.Width, source.Height, random), random.NextDouble() < 0.5, destination);
    }

    /// <summary>torchvision's <c>RandomResizedCrop.get_params</c>.</summary>
    public static SKRect RandomCrop(int width, int height, Random random)
    {
        var area = (double)width * height;
        var logMin = Math.Log(MinCropRatio);
        var logMax = Math.Log(MaxCropRatio);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var target = area * (MinCropScale + random.NextDouble() * (MaxCropScale - MinCropScale));
            var ratio = Math.Exp(logMin + random.NextDouble() * (logMax - logMin));
            var w = (int)Math.Round(Math.Sqrt(target * ratio));
            var h = (int)Math.Round(Math.Sqrt(target / ratio));
            if (w <= 0 || h <= 0 || w > width || h > height) continue;
            var top = random.Next(height - h + 1);
            var left = random.Next(width - w + 1);
            return new SKRect(left, top, left + w, top + h);
        }
        var inRatio = (double)width / height;
        var (cw, ch) = inRatio < MinCropRatio ? (width, (int)Math.Round(width / MinCropRatio))
            : inRatio > MaxCropRatio ? ((int)Math.Round(height * MaxCropRatio), height)
            : (width, height);
        var x = (width - cw) / 2;
        var y = (height - ch) / 2;
        return new SKRect(x, y, x + cw, y + ch);
    }

    private void Draw(SKBitmap source, SKRect region, bool flip, Span<byte> destination)
    {
        if (destination.Length != ImageBytes)
            throw new ArgumentException($"destination holds {destination.Length} bytes, not {ImageBytes}");
        var info = new SKImageInfo(ImageSize, ImageSize, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var target = new SKBitmap(info);
        using (var canvas = new SKCanvas(target))
        using (var paint = new SKPaint { FilterQuality = SKFilterQuality.Medium, IsAntialias = false })
        {
            canvas.Clear(SKColors.Black);
            if (flip)
            {
                canvas.Translate(ImageSize, 0);
                canvas.Scale(-1, 1);
            }
            var full = region.Left == 0 && region.Top == 0 && region.Width == source.Width
                && region.Height == source.Height && source.Width == ImageSize && source.Height == ImageSize;
            if (full) canvas.DrawBitmap(source, 0, 0);
            else canvas.DrawBitmap(source, region, new SKRect(0, 0, ImageSize, ImageSize), paint);
        }
        var rgba = target.GetPixelSpan();
        for (var i = 0; i < ImageSize * ImageSize; i++)
        {
            destination[3 * i] = rgba[4 * i];
            destination[3 * i + 1] = rgba[4 * i + 1];
            destination[3 * i + 2] = rgba[4 * i + 2];
        }
    }
}
