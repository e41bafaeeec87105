using System.Security.Cryptography;
using System.Text.Json;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.Training.Stages;

/// <summary>
/// The checkpoint of one pipeline stage (DynTTA, NaTra): magic, a JSON state record, the state dicts of several
/// modules and optimizers, then a SHA-256 of all of it. Written to a temporary file and renamed, like
/// <see cref="Checkpoints.CheckpointFile"/>, so an interrupted stage resumes from its last complete epoch.
/// </summary>
public static class StageCheckpoint
{
    private static readonly byte[] Magic = "RGST\u0001"u8.ToArray();

    public static void Save<TState>(string path, TState state, IReadOnlyList<nn.Module> modules,
        IReadOnlyList<OptimizerHelper>? optimizers = null)
    {
        using var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            WriteBlock(writer, JsonSerializer.SerializeToUtf8Bytes(state, Checkpoints.CheckpointFile.Json));
            writer.Write(modules.Count);
            foreach (var module in modules) WriteBlock(writer, Serialize(w => module.save(w)));
            var optimizerList = optimizers ?? [];
            writer.Write(optimizerList.Count);
            foreach (var optimizer in optimizerList) WriteBlock(writer, Serialize(optimizer.save_state_dict));
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

    /// <summary>Reads only the state record (e.g. to decide whether a stage is complete).</summary>
    public static TState ReadState<TState>(string path) => Open<TState>(path).State;

    /// <summary>Loads the tensors into modules (and optimizers) built for the same architecture, in the saved order.</summary>
    public static TState Load<TState>(string path, IReadOnlyList<nn.Module> modules, IReadOnlyList<OptimizerHelper>? optimizers = null)
    {
        var (state, moduleBlocks, optimizerBlocks) = Open<TState>(path);
        if (moduleBlocks.Count != modules.Count)
            throw new InvalidDataException($"{path} holds {moduleBlocks.Count} modules, expected {modules.Count}");
        for (var i = 0; i < modules.Count; i++)
        {
            using var reader = new BinaryReader(new MemoryStream(moduleBlocks[i]));
            modules[i].load(reader, strict: true);
        }
        if (optimizers is not null && optimizerBlocks.Count == optimizers.Count)
        {
            for (var i = 0; i < optimizers.Count; i++)
            {
                using var reader = new BinaryReader(new MemoryStream(optimizerBlocks[i]));
                optimizers[i].load_state_dict(reader);
            }
        }
        return state;
    }

    private static (TState State, List<byte[]> Modules, List<byte[]> Optimizers) Open<TState>(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"stage checkpoint not found: {path}", path);
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < Magic.Length + 32 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new InvalidDataException($"{path} is not a RobustGrid stage checkpoint (bad magic)");
        var bodyLength = bytes.Length - 32;
        if (!SHA256.HashData(bytes.AsSpan(0, bodyLength)).AsSpan().SequenceEqual(bytes.AsSpan(bodyLength)))
            throw new InvalidDataException($"{path}: checksum mismatch (truncated or modified file)");
        using var reader = new BinaryReader(new MemoryStream(bytes, 0, bodyLength));
        reader.ReadBytes(Magic.Length);
        var state = JsonSerializer.Deserialize<TState>(ReadBlock(reader), Checkpoints.CheckpointFile.Json)
            ?? throw new InvalidDataException($"{path}: empty stage state");
        var modules = Enumerable.Range(0, reader.ReadInt32()).Select(_ => ReadBlock(reader)).ToList();
        var optimizers = Enumerable.Range(0, reader.ReadInt32()).Select(_ => ReadBlock(reader)).ToList();
        return (state, modules, optimizers);
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
