using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Cloning;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.WireProtocol;

namespace RobustGrid.Grid.Contracts.Serialization;

/// <summary>
/// Writes a record as one length-prefixed field with a body of its own. Orleans' generated codecs track
/// every string, dictionary and array as a reference, and past 64 references in one message each serialisation and
/// each deserialisation builds a fresh dictionary of them, which dominates what a busy leaderboard allocates (a
/// 32-entry segment or a 10-row page has hundreds). Here the record is the only reference.
/// </summary>
public abstract class CompactCodec<T> : IFieldCodec<T>, IDeepCopier<T> where T : class
{
    /// <summary>The first byte of every body, so a later layout can still read this one.</summary>
    protected const byte LayoutVersion = 1;

    protected abstract void Encode(CompactWriter writer, T value);

    protected abstract T Decode(ref CompactReader reader);

    public void WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta,
        [AllowNull] Type expectedType, [AllowNull] T value)
        where TBufferWriter : IBufferWriter<byte>
    {
        if (ReferenceCodec.TryWriteReferenceField(ref writer, fieldIdDelta, expectedType, value)) return;
        var body = CompactWriter.Rent();
        try
        {
            body.Byte(LayoutVersion);
            Encode(body, value);
            writer.WriteFieldHeader(fieldIdDelta, expectedType, typeof(T), WireType.LengthPrefixed);
            writer.WriteVarUInt32((uint)body.Written.Length);
            writer.Write(body.Written);
        }
        finally
        {
            CompactWriter.Return(body);
        }
    }

    public T ReadValue<TInput>(ref Reader<TInput> reader, Field field)
    {
        if (field.WireType == WireType.Reference) return ReferenceCodec.ReadReference<T, TInput>(ref reader, field)!;
        if (field.WireType != WireType.LengthPrefixed)
            throw new FormatException($"{typeof(T).Name}: unexpected wire type {field.WireType}");
        var length = (int)reader.ReadVarUInt32();
        T value;
        if (reader.TryReadBytes(length, out var span))
        {
            value = DecodeBody(span);
        }
        else
        {
            var rented = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                reader.ReadBytes(rented.AsSpan(0, length));
                value = DecodeBody(rented.AsSpan(0, length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
        ReferenceCodec.RecordObject(reader.Session, value);
        return value;
    }

    private T DecodeBody(ReadOnlySpan<byte> span)
    {
        var body = new CompactReader(span);
        var version = body.Byte();
        if (version != LayoutVersion) throw new FormatException(
            $"{typeof(T).Name}: layout {version} is newer than this build reads ({LayoutVersion})");
        var value = Decode(ref body);
        if (!body.AtEnd) throw new FormatException($"{typeof(T).Name}: bytes left after the body");
        return value;
    }

    /// <summary>For the immutable records this codec was made for, a copy is the same instance; a mutable type
    /// overrides.</summary>
    public virtual T? DeepCopy(T? input, CopyContext context) => input;
}
