namespace RobustGrid.Data.Cache;

/// <summary>
/// An image set held in a cache entry on disk (<see cref="ImageSetCache.GetOrCreateTest"/>) and read a range at a
/// time with positional reads, so a test split larger than memory is scored batch by batch. Each read opens its own
/// handle: threads may read side by side.
/// </summary>
public sealed class ImageSetFile : IImageSource
{
    private readonly long _pixelOffset;

    internal ImageSetFile(string path, long pixelOffset, int[] labels, int height, int width, int channels,
        IReadOnlyList<string> classNames)
    {
        ImageSet.CheckShape(labels, height, width, channels, classNames);
        Path = path;
        _pixelOffset = pixelOffset;
        Labels = labels;
        Height = height;
        Width = width;
        Channels = channels;
        ClassNames = classNames;
    }

    public string Path { get; }
    public int[] Labels { get; }
    public int Height { get; }
    public int Width { get; }
    public int Channels { get; }
    public IReadOnlyList<string> ClassNames { get; }
    public int Count => Labels.Length;
    public int ImageBytes => Height * Width * Channels;

    public ImageSet Slice(int start, int count)
    {
        var first = Math.Clamp(start, 0, Count);
        var end = Math.Min(Count, first + Math.Max(0, count));
        var pixels = new byte[(long)(end - first) * ImageBytes];
        using var handle = File.OpenHandle(Path);
        var offset = _pixelOffset + (long)first * ImageBytes;
        for (var read = 0; read < pixels.Length;)
        {
            var n = RandomAccess.Read(handle, pixels.AsSpan(read), offset + read);
            if (n == 0) throw new EndOfStreamException($"{Path} ends inside image {first + read / ImageBytes}");
            read += n;
        }
        return new ImageSet(pixels, Labels[first..end], Height, Width, Channels, ClassNames);
    }

    public IImageSource Take(int count) => count >= Count ? this
        : new ImageSetFile(Path, _pixelOffset, Labels[..Math.Max(0, count)], Height, Width, Channels, ClassNames);
}
