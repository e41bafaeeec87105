namespace RobustGrid.Data.Readers;

/// <summary>
/// Reads the official CIFAR binary releases (<c>cifar-10-batches-bin/</c>, <c>cifar-100-binary/</c>): records of
/// label bytes (<see cref="CifarRecordFormat"/>) then 1,024 red, 1,024 green and 1,024 blue bytes (row-major 32×32).
/// Output is N×32×32×3.
/// </summary>
public static class CifarBinaryReader
{
    public const int Side = 32;
    private const int PlaneBytes = Side * Side;

    public static readonly string[] TrainFiles =
        ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];
    public static readonly string[] TestFiles = ["test_batch.bin"];
    public static readonly string[] Cifar100TrainFiles = ["train.bin"];
    public static readonly string[] Cifar100TestFiles = ["test.bin"];

    /// <summary>The class names from <c>batches.meta.txt</c>, or CIFAR-10's when the file is absent.</summary>
    public static IReadOnlyList<string> ReadClassNames(string folder)
    {
        var meta = Path.Combine(folder, "batches.meta.txt");
        if (!File.Exists(meta)) return CifarClasses.Names;
        var names = File.ReadAllLines(meta).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        return names.Length == 10 ? names : CifarClasses.Names;
    }

    /// <summary>The class names of a CIFAR-100 folder's name file (<c>fine_label_names.txt</c> or
    /// <c>coarse_label_names.txt</c>), or the release's own when the file is absent.</summary>
    public static IReadOnlyList<string> ReadCifar100ClassNames(string folder, bool coarse)
    {
        var builtIn = coarse ? CifarClasses.Cifar100Coarse : CifarClasses.Cifar100Fine;
        var file = Path.Combine(folder, coarse ? "coarse_label_names.txt" : "fine_label_names.txt");
        if (!File.Exists(file)) return builtIn;
        var names = File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        return names.Length == builtIn.Count ? names : builtIn;
    }

    public static ImageSet Read(IEnumerable<string> files, IReadOnlyList<string> classNames,
        CifarRecordFormat? format = null)
    {
        format ??= CifarRecordFormat.Cifar10;
        var recordBytes = format.RecordBytes;
        var pixelStart = format.LabelBytes;
        var pixels = new List<byte[]>();
        var labels = new List<int>();
        foreach (var file in files)
        {
            if (!File.Exists(file)) throw new FileNotFoundException($"CIFAR batch not found: {file}", file);
            var bytes = File.ReadAllBytes(file);
            if (bytes.Length == 0 || bytes.Length % recordBytes != 0)
                throw new DataFormatException(file,
                    $"size {bytes.Length} is not a whole number of {recordBytes}-byte {format.Release} records " +
                    $"(truncated or not {format.Release})");
            var records = bytes.Length / recordBytes;
            var chunk = new byte[records * PlaneBytes * 3];
            for (var r = 0; r < records; r++)
            {
                var record = r * recordBytes;
                var label = bytes[record + format.LabelIndex];
                if (label >= classNames.Count)
                    throw new DataFormatException(file,
                        $"record {r} has label {label}, outside the {classNames.Count} classes");
                labels.Add(label);
                var dst = r * PlaneBytes * 3;
                for (var p = 0; p < PlaneBytes; p++)
                {
                    chunk[dst + 3 * p] = bytes[record + pixelStart + p];
                    chunk[dst + 3 * p + 1] = bytes[record + pixelStart + PlaneBytes + p];
                    chunk[dst + 3 * p + 2] = bytes[record + pixelStart + 2 * PlaneBytes + p];
                }
            }
            pixels.Add(chunk);
        }
        return new ImageSet(pixels.SelectMany(p => p).ToArray(), labels.ToArray(), Side, Side, 3, classNames);
    }

    /// <summary>Writes CIFAR-10 records in the official format (used by tests and by users converting
    /// data).</summary>
    public static void Write(string file, ImageSet set) =>
        WriteRecords(file, set, i => [RecordByte(set.Labels[i])]);

    /// <summary>Writes CIFAR-100 records: the coarse label, the fine label (<paramref name="fine"/>'s), the
    /// pixels.</summary>
    public static void WriteCifar100(string file, ImageSet fine, IReadOnlyList<int> coarse)
    {
        if (coarse.Count != fine.Count)
            throw new ArgumentException($"{coarse.Count} coarse labels for {fine.Count} images", nameof(coarse));
        WriteRecords(file, fine, i => [RecordByte(coarse[i]), RecordByte(fine.Labels[i])]);
    }

    /// <summary>A label as the one byte a CIFAR record holds for it.</summary>
    private static byte RecordByte(int label) => label is >= 0 and <= byte.MaxValue
        ? (byte)label
        : throw new ArgumentException($"label {label} does not fit a CIFAR record's label byte");

    private static void WriteRecords(string file, ImageSet set, Func<int, byte[]> labelsOf)
    {
        if (set.Height != Side || set.Width != Side || set.Channels != 3)
            throw new ArgumentException("CIFAR binary records hold 32x32 RGB images");
        using var stream = File.Create(file);
        for (var i = 0; i < set.Count; i++)
        {
            var labels = labelsOf(i);
            var record = new byte[labels.Length + 3 * PlaneBytes];
            labels.CopyTo(record, 0);
            var src = i * set.ImageBytes;
            for (var p = 0; p < PlaneBytes; p++)
            {
                record[labels.Length + p] = set.Pixels[src + 3 * p];
                record[labels.Length + PlaneBytes + p] = set.Pixels[src + 3 * p + 1];
                record[labels.Length + 2 * PlaneBytes + p] = set.Pixels[src + 3 * p + 2];
            }
            stream.Write(record);
        }
    }
}
