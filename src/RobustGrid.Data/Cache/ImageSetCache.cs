using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RobustGrid.Catalog;
using RobustGrid.Data.Files;
using RobustGrid.Data.Streaming;

namespace RobustGrid.Data.Cache;

/// <summary>
/// Keeps decoded datasets on disk so later loads skip decompression and image decoding. An entry is keyed by
/// the dataset, the reader and every source file's path, size and modification time, so a changed source is
/// decoded again. Files are written to a temporary name and renamed, so a crash never leaves a half entry;
/// an entry that fails its checks is deleted and rebuilt.
/// </summary>
public sealed class ImageSetCache(string folder)
{
    /// <summary>Ends in the format version: an entry of another version fails the magic check and is decoded
    /// again.</summary>
    private static readonly byte[] Magic = "RGDS\u0002"u8.ToArray();

    public string Folder { get; } = folder;

    /// <param name="layout">Names how the reader lays the images out; a reader that changes its order changes it, so
    /// that entries decoded in the old order are not read as the new one.</param>
    public DatasetSplits GetOrCreate(string name, string format, string source, IReadOnlyList<string> sourceFiles,
        Func<(ImageSet Train, ImageSet Test)> decode, string layout = "")
    {
        var path = EntryPath(name, format, sourceFiles, layout);
        if (File.Exists(path))
        {
            try
            {
                var (train, test) = Read(path);
                return new DatasetSplits(name, train, test, source, format);
            }
            catch (Exception ex)
                when (ex is InvalidDataException or EndOfStreamException or JsonException or ArgumentException)
            {
                File.Delete(path);
            }
        }
        var decoded = decode();
        Write(path, decoded.Train, decoded.Test);
        return new DatasetSplits(name, decoded.Train, decoded.Test, source, format);
    }

    /// <summary>
    /// A split too large for memory (the test split of images above the native size): decoded batch by batch into an
    /// entry with no training split, then read back a range at a time, so neither step holds more than a few batches.
    /// The entry is the one <see cref="GetOrCreate"/> writes for the same arguments.
    /// </summary>
    /// <param name="decode">The split's <paramref name="count"/> images, S×S×3, in order.</param>
    public ImageSetFile GetOrCreateTest(string name, string format, IReadOnlyList<string> sourceFiles, int count,
        int imageSize, IReadOnlyList<string> classNames, Func<IEnumerable<ImageBatch>> decode, string layout = "")
    {
        var path = EntryPath(name, format, sourceFiles, layout);
        if (File.Exists(path))
        {
            try
            {
                return OpenTest(path);
            }
            catch (Exception ex)
                when (ex is InvalidDataException or EndOfStreamException or JsonException or ArgumentException)
            {
                File.Delete(path);
            }
        }
        var header = new Header(imageSize, imageSize, 3, [.. classNames], 0, count);
        WriteEntry(path, header, writer =>
        {
            WriteSplit(writer, [], 0);
            WriteSplit(writer, decode().Select(b => (b.Pixels, b.Labels)), count);
        });
        return OpenTest(path);
    }

    private string EntryPath(string name, string format, IReadOnlyList<string> sourceFiles, string layout) =>
        Path.Combine(Folder, $"{DatasetReference.FileNamePart(name)}-{format}-{Key(sourceFiles, layout)}.rgds");

    private static string Key(IEnumerable<string> files, string layout)
    {
        var text = new StringBuilder(layout.Length > 0 ? $"layout {layout}\n" : "");
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(file);
            text.Append(Path.GetFullPath(file)).Append('|').Append(info.Length).Append('|')
                .Append(info.LastWriteTimeUtc.Ticks).Append('\n');
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16].ToLowerInvariant();
    }

    private sealed record Header(int Height, int Width, int Channels, string[] Classes, int TrainCount, int TestCount);

    private static void Write(string path, ImageSet train, ImageSet test)
    {
        var header = new Header(train.Height, train.Width, train.Channels, [.. train.ClassNames], train.Count,
            test.Count);
        WriteEntry(path, header, writer =>
        {
            WriteSplit(writer, [(train.Pixels, train.Labels)], train.Count);
            WriteSplit(writer, [(test.Pixels, test.Labels)], test.Count);
        });
    }

    /// <summary>Magic, header, the splits <paramref name="body"/> writes, magic; under a temporary name until
    /// complete.</summary>
    private static void WriteEntry(string path, Header header, Action<BinaryWriter> body)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(header);
        // Two trials of one process may decode the same dataset at once; each write has its own temporary file.
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(json.Length);
            writer.Write(json);
            body(writer);
            writer.Write(Magic);
        });
    }

    /// <summary>A split's pixels batch after batch, then its labels.</summary>
    private static void WriteSplit(BinaryWriter writer, IEnumerable<(byte[] Pixels, int[] Labels)> batches, int count)
    {
        var labels = new List<int>(count);
        foreach (var (pixels, batchLabels) in batches)
        {
            writer.Write(pixels);
            labels.AddRange(batchLabels);
        }
        if (labels.Count != count) throw new InvalidDataException($"{labels.Count} images decoded, {count} expected");
        foreach (var label in labels) writer.Write(label);
    }

    private static Header ReadHeader(BinaryReader reader)
    {
        if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic)) throw new InvalidDataException("bad magic");
        return JsonSerializer.Deserialize<Header>(reader.ReadBytes(reader.ReadInt32()))
            ?? throw new InvalidDataException("empty header");
    }

    private static (ImageSet Train, ImageSet Test) Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        var header = ReadHeader(reader);
        var sets = new ImageSet[2];
        var counts = new[] { header.TrainCount, header.TestCount };
        for (var s = 0; s < 2; s++)
        {
            var pixels = ReadExactly(reader, (long)counts[s] * header.Height * header.Width * header.Channels);
            var labels = ReadLabels(reader, counts[s]);
            sets[s] = new ImageSet(pixels, labels, header.Height, header.Width, header.Channels, header.Classes);
        }
        if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic) || stream.Position != stream.Length)
            throw new InvalidDataException("bad trailer");
        return (sets[0], sets[1]);
    }

    /// <summary>An entry's test split, its pixels left on disk.</summary>
    private static ImageSetFile OpenTest(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        var header = ReadHeader(reader);
        var imageBytes = (long)header.Height * header.Width * header.Channels;
        var pixels = stream.Position + header.TrainCount * (imageBytes + sizeof(int));
        var labels = pixels + header.TestCount * imageBytes;
        if (header.TrainCount < 0 || header.TestCount < 0
            || stream.Length != labels + (long)header.TestCount * sizeof(int) + Magic.Length)
            throw new InvalidDataException("length does not match the header");
        stream.Position = labels;
        var testLabels = ReadLabels(reader, header.TestCount);
        if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            throw new InvalidDataException("bad trailer");
        return new ImageSetFile(path, pixels, testLabels, header.Height, header.Width, header.Channels, header.Classes);
    }

    private static int[] ReadLabels(BinaryReader reader, int count)
    {
        var bytes = ReadExactly(reader, (long)count * sizeof(int));
        var labels = new int[count];
        for (var i = 0; i < count; i++)
            labels[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(i * sizeof(int)));
        return labels;
    }

    private static byte[] ReadExactly(BinaryReader reader, long count)
    {
        var bytes = reader.ReadBytes(checked((int)count));
        if (bytes.Length != count) throw new EndOfStreamException();
        return bytes;
    }
}
