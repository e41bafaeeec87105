using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Orleans.Storage;

namespace RobustGrid.Grid.Grains.Storage;

/// <summary>
/// Durable grain state as one file per grain under a folder (embedded mode: $ROBUSTGRID_HOME/state). Each write goes
/// to a temporary file, is flushed to disk, then renamed over the old file, so a killed process leaves either the old
/// or the new state, never a torn one. The ETag is a write counter kept in the file's one-line header.
/// Files are written with <paramref name="serializer"/> under header RGS2 (the grid passes Orleans' binary serializer:
/// several times cheaper than JSON, and state is written several times per trial); files of the older RGS1 layout are
/// read with <paramref name="legacySerializer"/> (JSON) and rewritten as RGS2 on their next write.
/// </summary>
public sealed class FileGrainStorage(string name, string root, IGrainStorageSerializer serializer, IGrainStorageSerializer legacySerializer,
    bool fsync) : IGrainStorage
{
    private const string Magic = "RGS2";
    private const string LegacyMagic = "RGS1";

    public string Name { get; } = name;

    public string Root { get; } = Path.GetFullPath(root);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathFor(stateName, grainId);
        if (!File.Exists(path))
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        var bytes = await File.ReadAllBytesAsync(path).ConfigureAwait(false);
        var (magic, etag, payload) = Split(bytes, path);
        grainState.State = (magic == LegacyMagic ? legacySerializer : serializer).Deserialize<T>(new BinaryData(payload));
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathFor(stateName, grainId);
        var current = await CurrentETag(path).ConfigureAwait(false);
        if (current != grainState.ETag)
            throw new InconsistentStateException($"state of {grainId} changed on disk (etag {current} vs {grainState.ETag})", current, grainState.ETag);
        var next = (long.Parse(current ?? "0", CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
        var payload = serializer.Serialize(grainState.State).ToMemory();
        // Off the grain turn: the fsync blocks for milliseconds.
        await Task.Run(() => WriteAtomically(path, next, payload)).ConfigureAwait(false);
        grainState.ETag = next;
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathFor(stateName, grainId);
        if (File.Exists(path)) File.Delete(path);
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
        return Task.CompletedTask;
    }

    private void WriteAtomically(string path, string etag, ReadOnlyMemory<byte> payload)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 16 * 1024))
        {
            stream.Write(Encoding.ASCII.GetBytes($"{Magic} {etag}\n"));
            stream.Write(payload.Span);
            stream.Flush(fsync);
        }
        File.Move(temp, path, overwrite: true);
    }

    private static async Task<string?> CurrentETag(string path)
    {
        if (!File.Exists(path)) return null;
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64, useAsync: false);
        var header = new byte[32];
        var read = await stream.ReadAsync(header).ConfigureAwait(false);
        return Split(header.AsSpan(0, read).ToArray(), path, headerOnly: true).ETag;
    }

    private static (string Magic, string ETag, byte[] Payload) Split(byte[] bytes, string path, bool headerOnly = false)
    {
        var newline = Array.IndexOf(bytes, (byte)'\n');
        var header = newline < 0 ? "" : Encoding.ASCII.GetString(bytes, 0, newline);
        var magic = header.StartsWith(Magic + " ", StringComparison.Ordinal) ? Magic
            : header.StartsWith(LegacyMagic + " ", StringComparison.Ordinal) ? LegacyMagic
            : throw new InvalidDataException($"{path} is not a RobustGrid state file");
        var etag = header[(magic.Length + 1)..];
        return (magic, etag, headerOnly ? [] : bytes[(newline + 1)..]);
    }

    /// <summary>state/{grain type}/{key}.{state name}; keys that are not file-safe are hashed.</summary>
    private string PathFor(string stateName, GrainId grainId)
    {
        var type = Safe(grainId.Type.ToString()!);
        var key = grainId.Key.ToString()!;
        var safeKey = Safe(key);
        if (safeKey.Length > 150 || safeKey != key.Replace('/', '~'))
            safeKey = $"{safeKey[..Math.Min(safeKey.Length, 100)]}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16]}";
        return Path.Combine(Root, type, $"{safeKey}.{Safe(stateName)}.state");
    }

    private static string Safe(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : c == '/' ? '~' : '_');
        return sb.ToString();
    }
}
