namespace RobustGrid.Data;

/// <summary>
/// A labelled set of equally sized uint8 N×H×W×C images read a range at a time: an <see cref="ImageSet"/> in memory,
/// or a decoded file on disk (<see cref="Cache.ImageSetFile"/>) for test splits larger than memory, so that an
/// evaluation holds a few batches whatever the set's size. The labels, four bytes an image, are always in memory.
/// </summary>
public interface IImageSource
{
    int Count { get; }
    int Height { get; }
    int Width { get; }
    int Channels { get; }
    IReadOnlyList<string> ClassNames { get; }
    /// <summary>Class indices into <see cref="ClassNames"/>, one per image.</summary>
    int[] Labels { get; }
    int ImageBytes { get; }

    /// <summary>Up to <paramref name="count"/> images from index <paramref name="start"/>, in memory.</summary>
    ImageSet Slice(int start, int count);

    /// <summary>The first <paramref name="count"/> images, or all of them when there are fewer.</summary>
    IImageSource Take(int count);
}

public static class ImageSources
{
    /// <summary>Consecutive batches of <paramref name="batchSize"/> images (the last may be smaller), each read when
    /// the enumeration reaches it.</summary>
    public static IEnumerable<ImageSet> Batches(this IImageSource source, int batchSize)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), "at least one image per batch");
        for (var start = 0; start < source.Count; start += batchSize) yield return source.Slice(start, batchSize);
    }

    /// <summary>Consecutive batches of <paramref name="batchSize"/> images of <paramref name="imageBytes"/> bytes out
    /// of <paramref name="pixels"/> (the last may be smaller), each a copy.</summary>
    public static IEnumerable<byte[]> Batches(byte[] pixels, int imageBytes, int batchSize)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), "at least one image per batch");
        var batchBytes = (long)batchSize * imageBytes;
        for (long start = 0; start < pixels.LongLength; start += batchBytes)
            yield return pixels[(int)start..(int)Math.Min(pixels.LongLength, start + batchBytes)];
    }

    /// <summary>The whole set in memory (the set itself when it is there already), for the paths that need every
    /// image at once.</summary>
    public static ImageSet Load(this IImageSource source)
    {
        if (source is ImageSet set) return set;
        var bytes = (long)source.Count * source.ImageBytes;
        if (bytes > Array.MaxLength)
            throw new InvalidOperationException(
                $"{source.Count} images of {source.Height}x{source.Width} take {bytes:N0} bytes, more than one " +
                "array in memory holds; this evaluation reads the whole set at once: take fewer images " +
                "(a test limit)");
        return source.Slice(0, source.Count);
    }
}
