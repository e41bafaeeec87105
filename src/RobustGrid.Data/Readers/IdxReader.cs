using System.Buffers.Binary;
using System.IO.Compression;

namespace RobustGrid.Data.Readers;

/// <summary>
/// Reads the IDX files of MNIST and Fashion-MNIST, gzip-compressed or raw. The header is big-endian:
/// two zero bytes, a type code (0x08 = uint8), the number of dimensions, then one int32 per dimension.
/// </summary>
public static class IdxReader
{
    private const byte UnsignedByteType = 0x08;

    /// <summary>Reads an images file (3 dimensions) into N×H×W×1 bytes.</summary>
    public static (byte[] Pixels, int Count, int Height, int Width) ReadImages(string path)
    {
        var (dims, data) = Read(path, expectedRank: 3);
        return (data, dims[0], dims[1], dims[2]);
    }

    /// <summary>Reads a labels file (1 dimension).</summary>
    public static int[] ReadLabels(string path) => Array.ConvertAll(Read(path, expectedRank: 1).Data, b => (int)b);

    private static (int[] Dims, byte[] Data) Read(string path, int expectedRank)
    {
        var raw = ReadMaybeGzip(path);
        if (raw.Length < 4 || raw[0] != 0 || raw[1] != 0)
            throw new DataFormatException(path, "not an IDX file (bad magic number)");
        if (raw[2] != UnsignedByteType)
            throw new DataFormatException(path, $"IDX element type 0x{raw[2]:x2} is not uint8");
        int rank = raw[3];
        if (rank != expectedRank)
            throw new DataFormatException(path, $"IDX file has {rank} dimensions, expected {expectedRank}");
        var headerBytes = 4 + 4 * rank;
        if (raw.Length < headerBytes)
            throw new DataFormatException(path, "truncated IDX header");
        var dims = new int[rank];
        long expected = 1;
        for (var i = 0; i < rank; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(raw.AsSpan(4 + 4 * i));
            if (dims[i] <= 0) throw new DataFormatException(path, $"dimension {i} is {dims[i]}");
            expected *= dims[i];
        }
        var actual = raw.LongLength - headerBytes;
        if (actual != expected)
        {
            var what = actual < expected ? "truncated" : "has trailing bytes";
            throw new DataFormatException(path,
                $"{what}: the header announces {expected} data bytes ({string.Join("x", dims)}), " +
                $"the file holds {actual}");
        }
        return (dims, raw[headerBytes..]);
    }

    private static byte[] ReadMaybeGzip(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"IDX file not found: {path}", path);
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b) return bytes;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var output = new MemoryStream();
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or IOException)
        {
            throw new DataFormatException(path, $"corrupt or truncated gzip stream ({ex.Message})");
        }
    }
}
