namespace RobustGrid.Data;

/// <summary>
/// A labelled set of equally sized uint8 images, stored N×H×W×C (the CIFAR-10-C `.npy` layout), so
/// readers, the corruption engine and the file formats all share one memory order.
/// </summary>
public sealed record ImageSet : IImageSource
{
    public ImageSet(byte[] pixels, int[] labels, int height, int width, int channels, IReadOnlyList<string> classNames)
    {
        CheckShape(labels, height, width, channels, classNames);
        var imageBytes = (long)height * width * channels;
        if (pixels.LongLength != imageBytes * labels.LongLength)
            throw new ArgumentException(
                $"{labels.Length} labels need {imageBytes * labels.LongLength} pixel bytes, got {pixels.LongLength}");
        Pixels = pixels;
        Labels = labels;
        Height = height;
        Width = width;
        Channels = channels;
        ClassNames = classNames;
    }

    /// <summary>The rules every set of images follows, in memory or on disk: a supported shape, and labels that
    /// index the classes.</summary>
    internal static void CheckShape(int[] labels, int height, int width, int channels,
        IReadOnlyList<string> classNames)
    {
        if (height <= 0 || width <= 0 || channels is not (1 or 3))
            throw new ArgumentException(
                $"image shape {height}x{width}x{channels} is not supported (channels must be 1 or 3)");
        foreach (var label in labels)
        {
            if (label < 0 || label >= classNames.Count)
                throw new ArgumentException($"label {label} is outside the {classNames.Count} classes");
        }
    }

    public byte[] Pixels { get; }
    /// <summary>Class indices into <see cref="ClassNames"/>, one per image.</summary>
    public int[] Labels { get; }
    public int Height { get; }
    public int Width { get; }
    public int Channels { get; }
    public IReadOnlyList<string> ClassNames { get; }
    public int Count => Labels.Length;
    public int ImageBytes => Height * Width * Channels;

    /// <summary>The first <paramref name="count"/> images, or all of them when there are fewer.</summary>
    public ImageSet Take(int count)
    {
        var n = Math.Min(count, Count);
        return new ImageSet(Pixels[..(n * ImageBytes)], Labels[..n], Height, Width, Channels, ClassNames);
    }

    IImageSource IImageSource.Take(int count) => Take(count);

    /// <summary>Up to <paramref name="count"/> images from index <paramref name="start"/>, fewer at the end of the
    /// set.</summary>
    public ImageSet Slice(int start, int count)
    {
        var first = Math.Min(start, Count);
        var end = Math.Min(Count, first + count);
        return new ImageSet(Pixels[(first * ImageBytes)..(end * ImageBytes)], Labels[first..end], Height, Width,
            Channels, ClassNames);
    }
}
