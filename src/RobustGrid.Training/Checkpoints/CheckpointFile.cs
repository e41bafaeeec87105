using System.Text.Json;
using System.Text.Json.Serialization;
using RobustGrid.Training.Optimization;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Checkpoints;

/// <summary>
/// One file per checkpoint: magic, JSON metadata, the model's state dict, the optimizer's state, then a SHA-256
/// of all of it. Written to a temporary file, flushed to disk, verified and renamed over the old one, which is kept as
/// the previous generation (<see cref="CheckpointGenerations"/>), so a crash leaves either the previous checkpoint or
/// the new one; a damaged file fails its hash instead of loading wrong.
/// </summary>
public static class CheckpointFile
{
    public const string FileName = "checkpoint.rgck";

    /// <summary>A checkpoint file, or the run folder that holds one, as the file's path.</summary>
    public static string Resolve(string fileOrRunFolder) =>
        Directory.Exists(fileOrRunFolder) ? Path.Combine(fileOrRunFolder, FileName) : fileOrRunFolder;
    private static readonly byte[] Magic = "RGCK\u0001"u8.ToArray();

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>Writes the checkpoint; the one it replaces becomes the previous generation.</summary>
    public static void Save(string path, CheckpointMetadata metadata, nn.Module model, ISgdOptimizer? optimizer) =>
        HashedFile.Write(path, Magic, writer =>
        {
            HashedFile.WriteBlock(writer, JsonSerializer.SerializeToUtf8Bytes(metadata, Json));
            HashedFile.WriteBlock(writer, HashedFile.Capture(w => model.save(w)));
            HashedFile.WriteBlock(writer, optimizer is null ? [] : HashedFile.Capture(optimizer.SaveState));
        }, CheckpointGenerations.PreviousOf(path));

    public static CheckpointMetadata ReadMetadata(string path) => Open(path).Metadata;

    /// <summary>Loads the tensors into an existing model (and optimizer) built for the same architecture.</summary>
    public static CheckpointMetadata Load(string path, nn.Module model, ISgdOptimizer? optimizer)
    {
        var opened = Open(path);
        opened.LoadInto(model, optimizer);
        return opened.Metadata;
    }

    /// <summary>Reads and verifies the whole file.</summary>
    internal static VerifiedCheckpoint Open(string path)
    {
        using var reader = HashedFile.OpenVerified(path, Magic, "checkpoint",
            problem => new CheckpointCorruptException(path, problem));
        CheckpointMetadata? metadata;
        try
        {
            metadata = JsonSerializer.Deserialize<CheckpointMetadata>(HashedFile.ReadBlock(reader), Json);
        }
        catch (JsonException e)
        {
            throw new CheckpointCorruptException(path, $"unreadable metadata ({e.Message})");
        }
        if (metadata is null) throw new CheckpointCorruptException(path, "empty metadata");
        return new VerifiedCheckpoint(path, metadata, HashedFile.ReadBlock(reader), HashedFile.ReadBlock(reader));
    }
}
