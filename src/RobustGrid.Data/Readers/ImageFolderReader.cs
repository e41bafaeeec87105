using System.Formats.Tar;
using System.IO.Compression;
using RobustGrid.Data.Folders;

namespace RobustGrid.Data.Readers;

/// <summary>
/// Reads the image-folder layout <c>split/class/*.png|jpg</c>, from a folder or straight from a <c>.tar.gz</c>
/// (as in <c>cifar10-jpg.tar.gz</c>), all images of one size. Classes are the sorted folder names; images are in
/// <see cref="ClassInterleaving"/> order. Decoding runs in parallel.
/// </summary>
public static class ImageFolderReader
{
    /// <summary>The image order, for the dataset cache's key.</summary>
    public const string Layout = ClassInterleaving.Layout;

    private sealed record Entry(string Split, string ClassName, string Name, byte[] Bytes);

    /// <summary>Reads the named splits (e.g. train and test) in one pass over the source.</summary>
    public static IReadOnlyDictionary<string, ImageSet> Read(string source, IReadOnlyCollection<string> splits,
        int channels = 3)
    {
        var entries = source.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase)
            || source.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase)
            ? ReadArchive(source, splits)
            : ReadFolder(source, splits);
        var result = new Dictionary<string, ImageSet>();
        foreach (var split in splits)
        {
            var own = entries.Where(e => e.Split == split).ToList();
            if (own.Count == 0) throw new DataFormatException(source, $"no images under '{split}/<class>/'");
            result[split] = Decode(source, own, channels);
        }
        var trainClasses = result.Values.First().ClassNames;
        foreach (var (split, set) in result)
        {
            if (!set.ClassNames.SequenceEqual(trainClasses))
                throw new DataFormatException(source, $"split '{split}' has classes " +
                    $"[{string.Join(", ", set.ClassNames)}], others have [{string.Join(", ", trainClasses)}]");
        }
        return result;
    }

    private static ImageSet Decode(string source, List<Entry> entries, int channels)
    {
        var classNames = entries.Select(e => e.ClassName).Distinct().Order(StringComparer.Ordinal).ToArray();
        var classIndex = classNames.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i);
        entries = ClassInterleaving.Order(entries, e => classIndex[e.ClassName], e => e.Name);
        var (height, width) = ImageDecoder.ReadSize(entries[0].Bytes, entries[0].Name);
        var imageBytes = height * width * channels;
        var pixels = new byte[(long)imageBytes * entries.Count];
        var labels = new int[entries.Count];
        Parallel.For(0, entries.Count, i =>
        {
            var e = entries[i];
            labels[i] = classIndex[e.ClassName];
            ImageDecoder.DecodeInto(e.Bytes, $"{source}:{e.Split}/{e.ClassName}/{e.Name}", height, width, channels,
                pixels.AsSpan(i * imageBytes, imageBytes));
        });
        return new ImageSet(pixels, labels, height, width, channels, classNames);
    }

    private static List<Entry> ReadArchive(string archive, IReadOnlyCollection<string> splits)
    {
        if (!File.Exists(archive)) throw new FileNotFoundException($"archive not found: {archive}", archive);
        var entries = new List<Entry>();
        try
        {
            using var file = File.OpenRead(archive);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                    || entry.DataStream is null)
                    continue;
                if (!TryParse(entry.Name, splits, out var split, out var className, out var name)) continue;
                using var buffer = new MemoryStream();
                entry.DataStream.CopyTo(buffer);
                entries.Add(new Entry(split, className, name, buffer.ToArray()));
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new DataFormatException(archive, $"corrupt or truncated archive ({ex.Message})");
        }
        return entries;
    }

    private static List<Entry> ReadFolder(string root, IReadOnlyCollection<string> splits)
    {
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"image folder not found: {root}");
        var entries = new List<Entry>();
        foreach (var split in splits)
        {
            var splitDir = Path.Combine(root, split);
            if (!Directory.Exists(splitDir)) continue;
            foreach (var classDir in Directory.EnumerateDirectories(splitDir))
            {
                foreach (var file in Directory.EnumerateFiles(classDir).Where(ImageDecoder.IsImageFile))
                    entries.Add(
                        new Entry(split, Path.GetFileName(classDir), Path.GetFileName(file), File.ReadAllBytes(file)));
            }
        }
        return entries;
    }

    /// <summary>Accepts <c>[prefix/]split/class/file.ext</c> where split is one of the wanted splits.</summary>
    private static bool TryParse(string path, IReadOnlyCollection<string> splits, out string split,
        out string className, out string name)
    {
        split = className = name = "";
        if (!ImageDecoder.IsImageFile(path)) return false;
        var parts = path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3) return false;
        split = parts[^3];
        className = parts[^2];
        name = parts[^1];
        return splits.Contains(split);
    }
}
