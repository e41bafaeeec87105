using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using RobustGrid.Data.Files;

namespace RobustGrid.Data.Formats;

/// <summary>
/// Reads and writes NumPy .npy files (format versions 1.0, 2.0 and 3.0; C order; little-endian), plain or gzip
/// compressed when the name ends in <c>.gz</c>. This is the CIFAR-10-C exchange format: <c>NAME.npy</c> is uint8
/// [50000, 32, 32, 3] and <c>labels.npy</c> uint8 or int64 [50000].
/// </summary>
public static partial class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static NpyArray Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such .npy file", path);
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(file, CompressionMode.Decompress)
            : file;
        return Read(stream, path);
    }

    /// <summary>Reads a uint8 array and checks its shape; -1 in <paramref name="expectedShape"/> matches any
    /// size.</summary>
    public static NpyArray ReadUInt8(string path, params long[] expectedShape)
    {
        var array = Read(path);
        if (array.Type != NpyDType.UInt8)
            throw new DataFormatException(path,
                $"expected dtype uint8, found {array.Type} ({NpyDTypes.Descr(array.Type)})");
        CheckShape(path, array.Shape, expectedShape);
        return array;
    }

    /// <summary>Class labels held in an integer array (uint8, int32 or int64, whichever its writer chose), each a
    /// class index from 0 up.</summary>
    public static int[] Labels(string path, NpyArray array)
    {
        if (array.Type is not (NpyDType.UInt8 or NpyDType.Int32 or NpyDType.Int64))
            throw new DataFormatException(path,
                $"labels must be integers, found dtype {array.Type} ({NpyDTypes.Descr(array.Type)})");
        return array.ToInt64().Select(v => v is >= 0 and <= int.MaxValue
            ? (int)v
            : throw new DataFormatException(path, $"label {v} is not a class index")).ToArray();
    }

    public static void CheckShape(string path, long[] actual, long[] expected)
    {
        if (expected.Length == 0) return;
        var matches = actual.Length == expected.Length
            && actual.Zip(expected).All(p => p.Second < 0 || p.First == p.Second);
        if (!matches)
        {
            var wanted = "(" + string.Join(", ", expected.Select(d => d < 0 ? "N" : d.ToString())) + ")";
            throw new DataFormatException(path, $"expected shape {wanted}, found {NpyShape.Format(actual)}");
        }
    }

    public static NpyArray Read(Stream stream, string name)
    {
        Span<byte> prefix = stackalloc byte[8];
        ReadExactly(stream, prefix, name, "the .npy preamble");
        if (!prefix[..6].SequenceEqual(Magic))
            throw new DataFormatException(name, "not a NumPy .npy file (bad magic string)");
        var major = prefix[6];
        int headerLength;
        if (major == 1)
        {
            Span<byte> len = stackalloc byte[2];
            ReadExactly(stream, len, name, "the header length");
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(len);
        }
        else if (major is 2 or 3)
        {
            Span<byte> len = stackalloc byte[4];
            ReadExactly(stream, len, name, "the header length");
            headerLength = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(len));
        }
        else
        {
            throw new DataFormatException(name,
                $".npy format version {major}.{prefix[7]} is not supported (1.0, 2.0, 3.0 are)");
        }

        var headerBytes = new byte[headerLength];
        ReadExactly(stream, headerBytes, name, "the header");
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        var (type, shape) = ParseHeader(header, name);

        var byteCount = NpyShape.Count(shape) * NpyDTypes.Size(type);
        if (byteCount > Array.MaxLength)
            throw new DataFormatException(name, $"{byteCount} bytes of data is more than one array can hold");
        var data = new byte[byteCount];
        ReadExactly(stream, data, name, $"the data of shape {NpyShape.Format(shape)}");
        return new NpyArray(type, shape, data);
    }

    private static (NpyDType Type, long[] Shape) ParseHeader(string header, string name)
    {
        var descr = DescrPattern().Match(header);
        var order = FortranPattern().Match(header);
        var shape = ShapePattern().Match(header);
        if (!descr.Success || !order.Success || !shape.Success)
            throw new DataFormatException(name, $"unreadable .npy header: {header.Trim()}");
        if (order.Groups[1].Value == "True")
            throw new DataFormatException(name,
                "Fortran-ordered arrays are not supported; save with np.ascontiguousarray");
        var type = NpyDTypes.Parse(descr.Groups[1].Value)
            ?? throw new DataFormatException(name,
                $"dtype '{descr.Groups[1].Value}' is not supported (uint8, " +
                $"little-endian int32/int64/float32/float64 are)");
        var dims = shape.Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => long.TryParse(d.TrimEnd('L'), out var v) && v >= 0
                ? v
                : throw new DataFormatException(name, $"bad dimension '{d}' in shape ({shape.Groups[1].Value})"))
            .ToArray();
        return (type, dims);
    }

    public static void Write(string path, NpyArray array)
    {
        // Whole or not at all, so a reader never sees half a file (evaluators cache suites on disk).
        AtomicFile.Write(path, file =>
        {
            if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            {
                Write(file, array);
                return;
            }
            using var gzip = new GZipStream(file, CompressionLevel.SmallestSize, leaveOpen: true);
            Write(gzip, array);
        });
    }

    public static void Write(Stream stream, NpyArray array)
    {
        var dict = $"{{'descr': '{NpyDTypes.Descr(array.Type)}', 'fortran_order': False, " +
            $"'shape': {NpyShape.Format(array.Shape)}, }}";
        // The total preamble + header is padded with spaces to a multiple of 64 and ends in a newline (NEP 1).
        var unpadded = 10 + dict.Length + 1;
        var padded = (unpadded + 63) / 64 * 64;
        var useV2 = padded - 10 > ushort.MaxValue;
        if (useV2) padded = (12 + dict.Length + 1 + 63) / 64 * 64;
        var headerLength = padded - (useV2 ? 12 : 10);
        var header = dict.PadRight(headerLength - 1) + "\n";

        stream.Write(Magic);
        stream.WriteByte(useV2 ? (byte)2 : (byte)1);
        stream.WriteByte(0);
        Span<byte> len = stackalloc byte[4];
        if (useV2)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(len, (uint)headerLength);
            stream.Write(len);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(len, (ushort)headerLength);
            stream.Write(len[..2]);
        }
        stream.Write(Encoding.Latin1.GetBytes(header));
        stream.Write(array.Data);
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string name, string what)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer[total..]);
            if (n == 0)
                throw new DataFormatException(name,
                    $"file ends early while reading {what} ({total} of {buffer.Length} bytes)");
            total += n;
        }
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
