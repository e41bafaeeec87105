using System.Buffers.Binary;
using System.Text;

namespace RobustGrid.Grid.Contracts.Serialization;

/// <summary>
/// Builds the body of a <see cref="CompactCodec{T}"/> field: varints, UTF-8 strings and little-endian doubles in one
/// reused buffer per thread. Nothing written here is reference-tracked by Orleans, which is the point (see the codec).
/// </summary>
public sealed class CompactWriter
{
    [ThreadStatic] private static CompactWriter? _cached;

    private byte[] _buffer = new byte[1024];
    private int _length;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    /// <summary>The calling thread's writer, emptied; Return hands it back. A nested Rent gets a fresh one.</summary>
    internal static CompactWriter Rent()
    {
        var writer = _cached ?? new CompactWriter();
        _cached = null;
        writer._length = 0;
        return writer;
    }

    internal static void Return(CompactWriter writer)
    {
        if (writer._buffer.Length <= 64 * 1024) _cached = writer;
    }

    public void Byte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    public void UInt(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _buffer[_length++] = (byte)value;
    }

    public void Long(long value) => UInt((ulong)((value << 1) ^ (value >> 63)));

    public void Double(double value)
    {
        Ensure(8);
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    /// <summary>Length + 1 then the UTF-8 bytes; 0 stands for null.</summary>
    public void String(string? value)
    {
        if (value is null)
        {
            UInt(0);
            return;
        }
        var bytes = Encoding.UTF8.GetByteCount(value);
        UInt((ulong)bytes + 1);
        Ensure(bytes);
        _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
    }

    public void Strings(string[] values)
    {
        UInt((ulong)values.Length);
        foreach (var v in values) String(v);
    }

    public void Longs(long[] values)
    {
        UInt((ulong)values.Length);
        foreach (var v in values) Long(v);
    }

    public void Map(Dictionary<string, string> map)
    {
        UInt((ulong)map.Count);
        foreach (var (k, v) in map)
        {
            String(k);
            String(v);
        }
    }

    public void Map(Dictionary<string, double> map)
    {
        UInt((ulong)map.Count);
        foreach (var (k, v) in map)
        {
            String(k);
            Double(v);
        }
    }

    private void Ensure(int more)
    {
        if (_length + more <= _buffer.Length) return;
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
    }
}
