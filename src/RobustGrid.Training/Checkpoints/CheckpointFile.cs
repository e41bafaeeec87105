using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.Training.Checkpoints;

/// <summary>
/// One file per checkpoint: magic, JSON metadata, the model's state dict, the optimizer's state, then a SHA-256
/// of all of it. Written to a temporary file, flushed to disk and renamed over the old one, so a crash leaves
/// either the previous checkpoint or the new one; a damaged file fails its hash instead of loading wrong.
/// </summary>
public static class CheckpointFile
{
    public const string FileName = "checkpoint.rgck";
    private static readonly byte[] Magic = "RGCK\u0001"u8.ToArray();

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static void Save(string path, CheckpointMetadata metadata, nn.Module model, OptimizerHelper? optimizer)
    {
        using var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            WriteBlock(writer, JsonSerializer.SerializeToUtf8Bytes(metadata, Json));
            WriteBlock(writer, Serialize(w => model.save(w)));
            WriteBlock(writer, optimizer is null ? [] : Serialize(optimizer.save_state_dict));
        }
        var hash = SHA256.HashData(body.GetBuffer().AsSpan(0, (int)body.Length));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = $"{path}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(body.GetBuffer(), 0, (int)body.Length);
            file.Write(hash);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    public static CheckpointMetadata ReadMetadata(string path) => Open(path).Metadata;

    /// <summary>Loads the tensors into an existing model (and optimizer) built for the same architecture.</summary>
    public static CheckpointMetadata Load(string path, nn.Module model, OptimizerHelper? optimizer)
    {
        var (metadata, modelBytes, optimizerBytes) = Open(path);
        using (var reader = new BinaryReader(new MemoryStream(modelBytes)))
            model.load(reader, strict: true);
        if (optimizer is not null && optimizerBytes.Length > 0)
        {
            using var reader = new BinaryReader(new MemoryStream(optimizerBytes));
            optimizer.load_state_dict(reader);
        }
        return metadata;
    }

    private static (CheckpointMetadata Metadata, byte[] Model, byte[] Optimizer) Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"checkpoint not found: {path}", path);
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < Magic.Length + 32 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new CheckpointCorruptException(path, "not a RobustGrid checkpoint (bad magic)");
        var bodyLength = bytes.Length - 32;
        if (!SHA256.HashData(bytes.AsSpan(0, bodyLength)).AsSpan().SequenceEqual(bytes.AsSpan(bodyLength)))
            throw new CheckpointCorruptException(path, "checksum mismatch (truncated or modified file)");
        using var reader = new BinaryReader(new MemoryStream(bytes, 0, bodyLength));
        reader.ReadBytes(Magic.Length);
        var metadata = JsonSerializer.Deserialize<CheckpointMetadata>(ReadBlock(reader), Json)
            ?? throw new CheckpointCorruptException(path, "empty metadata");
        return (metadata, ReadBlock(reader), ReadBlock(reader));
    }

    private static byte[] Serialize(Action<BinaryWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) write(writer);
        return stream.ToArray();
    }

    private static void WriteBlock(BinaryWriter writer, byte[] block)
    {
        writer.Write(block.LongLength);
        writer.Write(block);
    }

    private static byte[] ReadBlock(BinaryReader reader) => reader.ReadBytes(checked((int)reader.ReadInt64()));
}
