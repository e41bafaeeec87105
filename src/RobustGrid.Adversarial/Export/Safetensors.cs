using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Export;

/// <summary>
/// The safetensors format (an 8-byte little-endian header length, a JSON header of name -> dtype, shape and byte
/// offsets, then the raw little-endian tensors), enough to hand a TorchSharp model and test images to PyTorch:
/// <c>safetensors.torch.load_file</c> reads it, and so does a few lines of numpy. Tensor names are the module's
/// state_dict names, which match PyTorch's when the modules are named alike.
/// </summary>
public static class Safetensors
{
    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
            header["__metadata__"] = new JsonObject(metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)JsonValue.Create(m.Value))));
        var payloads = new List<byte[]>();
        long offset = 0;
        foreach (var (name, tensor) in tensors.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var (dtype, bytes) = Bytes(tensor);
            header[name] = new JsonObject
            {
                ["dtype"] = dtype,
                ["shape"] = new JsonArray(tensor.shape.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
                ["data_offsets"] = new JsonArray(JsonValue.Create(offset), JsonValue.Create(offset + bytes.Length)),
            };
            payloads.Add(bytes);
            offset += bytes.Length;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        // The data must start 8-byte aligned; the format pads the header with spaces.
        var padded = (json.Length + 7) / 8 * 8;
        using var stream = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        stream.Write(length);
        stream.Write(json);
        for (var i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
        foreach (var payload in payloads) stream.Write(payload);
    }

    /// <summary>Reads every tensor of a file written by <see cref="Write"/> (F32, I64, U8) onto the CPU.</summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, headerLength));
        var dataStart = 8 + headerLength;
        var result = new Dictionary<string, Tensor>();
        foreach (var entry in header.RootElement.EnumerateObject())
        {
            if (entry.Name == "__metadata__") continue;
            var shape = entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(o => o.GetInt32()).ToArray();
            var span = bytes.AsSpan(dataStart + offsets[0], offsets[1] - offsets[0]);
            result[entry.Name] = entry.Value.GetProperty("dtype").GetString() switch
            {
                "F32" => tensor(MemoryMarshal.Cast<byte, float>(span).ToArray(), shape),
                "I64" => tensor(MemoryMarshal.Cast<byte, long>(span).ToArray(), shape),
                "U8" => tensor(span.ToArray(), shape),
                var other => throw new NotSupportedException($"dtype {other} of '{entry.Name}' is not supported"),
            };
        }
        return result;
    }

    private static (string Dtype, byte[] Bytes) Bytes(Tensor tensor)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors is little-endian");
        using var cpu = tensor.detach().cpu().contiguous();
        return cpu.dtype switch
        {
            ScalarType.Float32 => ("F32", MemoryMarshal.AsBytes(cpu.data<float>().ToArray().AsSpan()).ToArray()),
            ScalarType.Int64 => ("I64", MemoryMarshal.AsBytes(cpu.data<long>().ToArray().AsSpan()).ToArray()),
            ScalarType.Byte => ("U8", cpu.data<byte>().ToArray()),
            var other => throw new NotSupportedException($"dtype {other} is not supported"),
        };
    }
}
