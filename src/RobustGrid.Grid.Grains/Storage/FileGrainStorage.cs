using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Orleans.Storage;

namespace RobustGrid.Grid.Grains.Storage;

/// <summary>
/// Durable grain state as one file per grain under a folder (embedded mode: $ROBUSTGRID_HOME/state), written
/// atomically (<see cref="StateFile"/>) with <paramref name="serializer"/> (the grid passes Orleans' binary
/// serializer: several times cheaper than JSON, and state is written several times per trial). Files of earlier
/// layouts are rewritten by <see cref="Upgrade.FileStateUpgrade"/> before the silo starts, so only the current one is
/// read.
/// </summary>
public sealed class FileGrainStorage(string name, string root, IGrainStorageSerializer serializer, bool fsync)
    : IGrainStorage
{
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
        var (layout, etag, payload) = await StateFile.ReadAsync(path).ConfigureAwait(false);
        if (layout != StateFile.CurrentLayout)
            throw new InvalidDataException($"{path} has layout {layout}, not {StateFile.CurrentLayout}: " +
                $"it was not upgraded (see RELEASENOTES.md)");
        try
        {
            grainState.State = serializer.Deserialize<T>(new BinaryData(payload));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The header is intact but the payload is not what was written (disk damage, a cut copy): name the file.
            throw new InvalidDataException($"{path}: the state payload is damaged and cannot be read ({e.Message})", e);
        }
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathFor(stateName, grainId);
        var current = await StateFile.ETagAsync(path).ConfigureAwait(false);
        if (current != grainState.ETag)
            throw new InconsistentStateException(
                $"state of {grainId} changed on disk (etag {current} vs {grainState.ETag})", current, grainState.ETag);
        var next = (long.Parse(current ?? "0", CultureInfo.InvariantCulture) + 1)
            .ToString(CultureInfo.InvariantCulture);
        var payload = serializer.Serialize(grainState.State).ToMemory();
        // Off the grain turn: the fsync blocks for milliseconds.
        await Task.Run(() => StateFile.Write(path, next, payload, fsync)).ConfigureAwait(false);
        grainState.ETag = next;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathFor(stateName, grainId);
        var current = await StateFile.ETagAsync(path).ConfigureAwait(false);
        if (current != grainState.ETag)
            throw new InconsistentStateException(
                $"state of {grainId} changed on disk (etag {current} vs {grainState.ETag})", current, grainState.ETag);
        if (current is not null) File.Delete(path);
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }

    /// <summary>state/{grain type}/{key}.{state name}.state; keys that are not file-safe are hashed.</summary>
    private string PathFor(string stateName, GrainId grainId)
    {
        var type = Safe(grainId.Type.ToString()!);
        var key = grainId.Key.ToString()!;
        var safeKey = Safe(key);
        if (safeKey.Length > 150 || safeKey != key.Replace('/', '~'))
            safeKey = $"{safeKey[..Math.Min(safeKey.Length, 100)]}-" +
                $"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16]}";
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
