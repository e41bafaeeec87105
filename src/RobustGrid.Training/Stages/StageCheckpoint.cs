using System.Text.Json;
using TorchSharp;
using TorchSharp.Modules;
using RobustGrid.Training.Checkpoints;
using static TorchSharp.torch;

namespace RobustGrid.Training.Stages;

/// <summary>
/// The checkpoint of one pipeline stage (DynTTA, NaTra): magic, a JSON state record, the state dicts of several
/// modules and optimizers, then a SHA-256 of all of it. Written to a temporary file and renamed, like
/// <see cref="CheckpointFile"/>, so an interrupted stage resumes from its last complete epoch.
/// </summary>
public static class StageCheckpoint
{
    private static readonly byte[] Magic = "RGST\u0001"u8.ToArray();

    public static void Save<TState>(string path, TState state, IReadOnlyList<nn.Module> modules,
        IReadOnlyList<OptimizerHelper>? optimizers = null) =>
        HashedFile.Write(path, Magic, writer =>
        {
            HashedFile.WriteBlock(writer, JsonSerializer.SerializeToUtf8Bytes(state, CheckpointFile.Json));
            writer.Write(modules.Count);
            foreach (var module in modules) HashedFile.WriteBlock(writer, HashedFile.Capture(w => module.save(w)));
            var optimizerList = optimizers ?? [];
            writer.Write(optimizerList.Count);
            foreach (var optimizer in optimizerList)
                HashedFile.WriteBlock(writer, HashedFile.Capture(optimizer.save_state_dict));
        });

    /// <summary>Reads only the state record (e.g. to decide whether a stage is complete).</summary>
    public static TState ReadState<TState>(string path) => Open<TState>(path).State;

    /// <summary>Loads the tensors into modules (and optimizers) built for the same architecture, in the saved
    /// order.</summary>
    public static TState Load<TState>(string path, IReadOnlyList<nn.Module> modules,
        IReadOnlyList<OptimizerHelper>? optimizers = null)
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
        using var reader = HashedFile.OpenVerified(path, Magic, "stage checkpoint",
            problem => new InvalidDataException($"{path}: {problem}"));
        var state = JsonSerializer.Deserialize<TState>(HashedFile.ReadBlock(reader), CheckpointFile.Json)
            ?? throw new InvalidDataException($"{path}: empty stage state");
        var modules = Enumerable.Range(0, reader.ReadInt32()).Select(_ => HashedFile.ReadBlock(reader)).ToList();
        var optimizers = Enumerable.Range(0, reader.ReadInt32()).Select(_ => HashedFile.ReadBlock(reader)).ToList();
        return (state, modules, optimizers);
    }
}
