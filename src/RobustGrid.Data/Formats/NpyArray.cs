using System.Buffers.Binary;

namespace RobustGrid.Data.Formats;

/// <summary>An n-dimensional array as stored in an .npy file: C order, little-endian raw bytes.</summary>
public sealed class NpyArray
{
    public NpyArray(NpyDType type, long[] shape, byte[] data)
    {
        if (shape.Any(d => d < 0)) throw new ArgumentException($"negative dimension in shape {NpyShape.Format(shape)}");
        var expected = NpyShape.Count(shape) * NpyDTypes.Size(type);
        if (data.LongLength != expected)
            throw new ArgumentException(
                $"shape {NpyShape.Format(shape)} of {type} needs {expected} bytes, got {data.LongLength}");
        Type = type;
        Shape = shape;
        Data = data;
    }

    public NpyDType Type { get; }
    public long[] Shape { get; }
    public byte[] Data { get; }
    public long Count => NpyShape.Count(Shape);

    public static NpyArray FromBytes(byte[] values, params long[] shape) => new(NpyDType.UInt8, shape, values);

    public static NpyArray FromInt64(long[] values, params long[] shape)
    {
        var data = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(i * 8), values[i]);
        return new NpyArray(NpyDType.Int64, shape, data);
    }

    public static NpyArray FromFloat64(double[] values, params long[] shape)
    {
        var data = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(i * 8), values[i]);
        return new NpyArray(NpyDType.Float64, shape, data);
    }

    /// <summary>Integer values of an integer array (uint8, int32 or int64), e.g. labels whatever the writer
    /// chose.</summary>
    public long[] ToInt64()
    {
        var result = new long[Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Type switch
            {
                NpyDType.UInt8 => Data[i],
                NpyDType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(Data.AsSpan(i * 4)),
                NpyDType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(Data.AsSpan(i * 8)),
                _ => throw new InvalidOperationException($"{Type} is not an integer type"),
            };
        }
        return result;
    }

    public double[] ToFloat64()
    {
        var result = new double[Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Type switch
            {
                NpyDType.UInt8 => Data[i],
                NpyDType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(Data.AsSpan(i * 4)),
                NpyDType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(Data.AsSpan(i * 8)),
                NpyDType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(Data.AsSpan(i * 4)),
                NpyDType.Float64 => BinaryPrimitives.ReadDoubleLittleEndian(Data.AsSpan(i * 8)),
                _ => throw new InvalidOperationException($"unsupported type {Type}"),
            };
        }
        return result;
    }
}
