using System.Text;
using RobustGrid.Data.Files;

namespace RobustGrid.Grid.Grains.Storage;

/// <summary>
/// One grain-state file of <see cref="FileGrainStorage"/>: a one-line ASCII header "{layout} {etag}\n", then the
/// serialised state. The layout names how the payload was written (<see cref="CurrentLayout"/>: Orleans' binary
/// serializer); the ETag is a write counter. A file is replaced by writing a temporary file beside it, flushing it and
/// renaming it over the old one, so a killed process leaves either the old or the new file, never a torn one.
/// </summary>
internal static class StateFile
{
    public const string CurrentLayout = "RGS2";

    /// <summary>Where <see cref="Storage.Upgrade.FileStateUpgrade"/> notes the layout of every file under a state
    /// root.</summary>
    public const string FormatFileName = "state-format";

    public static (string Layout, string ETag, byte[] Payload) Read(string path) =>
        Split(File.ReadAllBytes(path), path);

    public static async Task<(string Layout, string ETag, byte[] Payload)> ReadAsync(string path) =>
        Split(await File.ReadAllBytesAsync(path).ConfigureAwait(false), path);

    /// <summary>The ETag alone, from the header; null when there is no file.</summary>
    public static async Task<string?> ETagAsync(string path)
    {
        if (!File.Exists(path)) return null;
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read,
            FileShare.ReadWrite | FileShare.Delete, 64, useAsync: false);
        var header = new byte[32];
        var read = await stream.ReadAsync(header).ConfigureAwait(false);
        return Split(header.AsSpan(0, read).ToArray(), path, headerOnly: true).ETag;
    }

    public static void Write(string path, string etag, ReadOnlyMemory<byte> payload, bool fsync) =>
        AtomicFile.Write(path, stream =>
        {
            stream.Write(Encoding.ASCII.GetBytes($"{CurrentLayout} {etag}\n"));
            stream.Write(payload.Span);
        }, flushToDisk: fsync);

    private static (string Layout, string ETag, byte[] Payload) Split(byte[] bytes, string path,
        bool headerOnly = false)
    {
        var newline = Array.IndexOf(bytes, (byte)'\n');
        var header = newline < 0 ? "" : Encoding.ASCII.GetString(bytes, 0, newline);
        var space = header.IndexOf(' ');
        if (space != 4 || !header.StartsWith("RGS", StringComparison.Ordinal))
            throw new InvalidDataException($"{path} is not a RobustGrid state file");
        return (header[..space], header[(space + 1)..], headerOnly ? [] : bytes[(newline + 1)..]);
    }
}
