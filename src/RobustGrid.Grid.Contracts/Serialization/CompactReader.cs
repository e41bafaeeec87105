using System.Buffers.Binary;

namespace RobustGrid.Grid.Contracts.Serialization;

/// <summary>Reads what <see cref="CompactWriter"/> wrote; a truncated or malformed body throws
/// <see cref="FormatException"/>.</summary>
public ref struct CompactReader(ReadOnlySpan<byte> body)
{
    private readonly ReadOnlySpan<byte> _body = body;
    private int _position;

    public readonly bool AtEnd => _position == _body.Length;

    public byte Byte() => Take(1)[0];

    public ulong UInt()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Byte();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw new FormatException("varint longer than 64 bits");
    }

    public long Long()
    {
        var u = UInt();
        return (long)(u >> 1) ^ -(long)(u & 1);
    }

    public int Int() => checked((int)UInt());

    public double Double() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public string? NullableString()
    {
        var n = UInt();
        return n == 0 ? null : ShortStringPool.Get(Take(checked((int)(n - 1))));
    }

    public string String() => NullableString() ?? throw new FormatException("unexpected null string");

    public string[] Strings()
    {
        var values = new string[Count()];
        for (var i = 0; i < values.Length; i++) values[i] = String();
        return values;
    }

    public long[] Longs()
    {
        var values = new long[Count()];
        for (var i = 0; i < values.Length; i++) values[i] = Long();
        return values;
    }

    public Dictionary<string, string> StringMap()
    {
        var n = Count();
        var map = new Dictionary<string, string>(n);
        for (var i = 0; i < n; i++) map[String()] = String();
        return map;
    }

    public Dictionary<string, double> DoubleMap()
    {
        var n = Count();
        var map = new Dictionary<string, double>(n);
        for (var i = 0; i < n; i++) map[String()] = Double();
        return map;
    }

    /// <summary>An element count, checked against the bytes left (every element takes at least one byte).</summary>
    private int Count()
    {
        var n = Int();
        if (n > _body.Length - _position)
            throw new FormatException($"count {n} exceeds the {_body.Length - _position} bytes left");
        return n;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > _body.Length - _position) throw new FormatException("truncated compact body");
        var span = _body.Slice(_position, count);
        _position += count;
        return span;
    }
}
