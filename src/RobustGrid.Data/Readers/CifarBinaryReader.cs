namespace RobustGrid.Data.Readers;

/// <summary>
/// Reads the official CIFAR-10 binary release (<c>cifar-10-batches-bin/</c>): records of 3,073 bytes, one label
/// byte then 1,024 red, 1,024 green and 1,024 blue bytes (row-major 32×32). Output is N×32×32×3.
/// </summary>
public static class CifarBinaryReader
{
    public const int Side = 32;
    private const int PlaneBytes = Side * Side;
    private const int RecordBytes = 1 + 3 * PlaneBytes;

    public static readonly string[] TrainFiles =
        ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];
    public static readonly string[] TestFiles = ["test_batch.bin"];

    /// <summary>The class names from <c>batches.meta.txt</c>, or CIFAR-10's when the file is absent.</summary>
    public static IReadOnlyList<string> ReadClassNames(string folder)
    {
        var meta = Path.Combine(folder, "batches.meta.txt");
        if (!File.Exists(meta)) return CifarClasses.Names;
        var names = File.ReadAllLines(meta).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        return names.Length == 10 ? names : CifarClasses.Names;
    }

    public static ImageSet Read(IEnumerable<string> files, IReadOnlyList<string> classNames)
    {
        var pixels = new List<byte[]>();
        var labels = new List<byte>();
        foreach (var file in files)
        {
            if (!File.Exists(file)) throw new FileNotFoundException($"CIFAR batch not found: {file}", file);
            var bytes = File.ReadAllBytes(file);
            if (bytes.Length == 0 || bytes.Length % RecordBytes != 0)
                throw new DataFormatException(file,
                    $"size {bytes.Length} is not a whole number of {RecordBytes}-byte CIFAR-10 records (truncated or " +
                    $"not CIFAR-10)");
            var records = bytes.Length / RecordBytes;
            var chunk = new byte[records * PlaneBytes * 3];
            for (var r = 0; r < records; r++)
            {
                var record = r * RecordBytes;
                var label = bytes[record];
                if (label >= classNames.Count)
                    throw new DataFormatException(file,
                        $"record {r} has label {label}, outside the {classNames.Count} classes");
                labels.Add(label);
                var dst = r * PlaneBytes * 3;
                for (var p = 0; p < PlaneBytes; p++)
                {
                    chunk[dst + 3 * p] = bytes[record + 1 + p];
                    chunk[dst + 3 * p + 1] = bytes[record + 1 + PlaneBytes + p];
                    chunk[dst + 3 * p + 2] = bytes[record + 1 + 2 * PlaneBytes + p];
                }
            }
            pixels.Add(chunk);
        }
        return new ImageSet(pixels.SelectMany(p => p).ToArray(), labels.ToArray(), Side, Side, 3, classNames);
    }

    /// <summary>Writes records in the official format (used by tests and by users converting data).</summary>
    public static void Write(string file, ImageSet set)
    {
        if (set.Height != Side || set.Width != Side || set.Channels != 3)
            throw new ArgumentException("CIFAR binary records hold 32x32 RGB images");
        using var stream = File.Create(file);
        var record = new byte[RecordBytes];
        for (var i = 0; i < set.Count; i++)
        {
            record[0] = set.Labels[i];
            var src = i * set.ImageBytes;
            for (var p = 0; p < PlaneBytes; p++)
            {
                record[1 + p] = set.Pixels[src + 3 * p];
                record[1 + PlaneBytes + p] = set.Pixels[src + 3 * p + 1];
                record[1 + 2 * PlaneBytes + p] = set.Pixels[src + 3 * p + 2];
            }
            stream.Write(record);
        }
    }
}
