using System.Text;
using System.Text.Json;
using RobustGrid.Data.Files;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Interop;

/// <summary>
/// Writes tensors in the safetensors format: an 8-byte little-endian header length, a JSON header mapping each
/// name to dtype, shape and byte offsets (padded with spaces to 8 bytes), then the raw little-endian data.
/// Names are the model's state-dict names, which follow the PyTorch reference definitions.
/// </summary>
public static class SafetensorsWriter
{
    public static void Write(string path, IEnumerable<(string Name, Tensor Tensor)> tensors,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new Dictionary<string, object>();
        if (metadata is not null) header["__metadata__"] = metadata;
        var blobs = new List<byte[]>();
        long offset = 0;
        foreach (var (name, tensor) in tensors)
        {
            using var cpu = tensor.detach().cpu().contiguous();
            var bytes = cpu.bytes.ToArray();
            header[name] = new Dictionary<string, object>
            {
                ["dtype"] = DtypeName(cpu.dtype),
                ["shape"] = cpu.shape,
                ["data_offsets"] = new[] { offset, offset + bytes.LongLength },
            };
            blobs.Add(bytes);
            offset += bytes.LongLength;
        }
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        var headerBytes = new byte[(json.Length + 7) / 8 * 8];
        json.CopyTo(headerBytes, 0);
        headerBytes.AsSpan(json.Length).Fill((byte)' ');
        AtomicFile.Write(path, file =>
        {
            file.Write(BitConverter.GetBytes((ulong)headerBytes.LongLength));
            file.Write(headerBytes);
            foreach (var blob in blobs) file.Write(blob);
        });
    }

    private static string DtypeName(ScalarType type) => type switch
    {
        ScalarType.Float32 => "F32",
        ScalarType.Float64 => "F64",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => "BF16",
        ScalarType.Int64 => "I64",
        ScalarType.Int32 => "I32",
        ScalarType.Byte => "U8",
        ScalarType.Bool => "BOOL",
        _ => throw new NotSupportedException($"safetensors has no dtype for {type}"),
    };
}
