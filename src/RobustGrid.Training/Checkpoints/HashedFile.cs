using System.Security.Cryptography;
using RobustGrid.Data.Files;

namespace RobustGrid.Training.Checkpoints;

/// <summary>
/// The container every RobustGrid checkpoint uses: magic, a body of length-prefixed blocks, then a SHA-256 of
/// everything before it. Written to a temporary file, flushed to disk, read back and verified, and only then renamed
/// over the old file, so a crash or a full disk leaves the previous file or the new one; a damaged file fails its hash
/// instead of loading wrong.
/// </summary>
internal static class HashedFile
{
    private const int HashBytes = 32;

    /// <param name="previous">
    /// Where the file being replaced is kept (when it verifies), so that one damaged file is not the only copy; null
    /// replaces it.
    /// </param>
    public static void Write(string path, byte[] magic, Action<BinaryWriter> writeBody, string? previous = null)
    {
        using var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(magic);
            writeBody(writer);
        }
        var hash = SHA256.HashData(body.GetBuffer().AsSpan(0, (int)body.Length));
        try
        {
            AtomicFile.WriteTo(path, temporary =>
            {
                using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    file.Write(body.GetBuffer(), 0, (int)body.Length);
                    file.Write(hash);
                    file.Flush(flushToDisk: true);
                }
                if (Problem(temporary, magic) is { } problem)
                    throw new IOException($"the file written does not read back: {problem}");
                // Only a whole file becomes the previous one: a damaged latest must not push out a good previous.
                if (previous is not null && File.Exists(path) && Problem(path, magic) is null)
                    File.Move(path, previous, overwrite: true);
            });
        }
        catch (IOException e)
        {
            throw new CheckpointWriteException(path, e.Message, e);
        }
    }

    /// <summary>A reader over the verified body (after the magic); <paramref name="corrupt"/> builds the error to
    /// throw.</summary>
    public static BinaryReader OpenVerified(string path, byte[] magic, string kind, Func<string, Exception> corrupt)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{kind} not found: {path}", path);
        var bytes = File.ReadAllBytes(path);
        if (Problem(bytes, magic) is { } problem) throw corrupt(problem);
        return new BinaryReader(new MemoryStream(bytes, magic.Length, bytes.Length - HashBytes - magic.Length));
    }

    /// <summary>Why the file at <paramref name="path"/> is not a whole file with this magic; null when it is.</summary>
    private static string? Problem(string path, byte[] magic) => Problem(File.ReadAllBytes(path), magic);

    private static string? Problem(byte[] bytes, byte[] magic)
    {
        if (bytes.Length < magic.Length + HashBytes || !bytes.AsSpan(0, magic.Length).SequenceEqual(magic))
            return "bad magic (not this kind of RobustGrid file)";
        var bodyLength = bytes.Length - HashBytes;
        return SHA256.HashData(bytes.AsSpan(0, bodyLength)).AsSpan().SequenceEqual(bytes.AsSpan(bodyLength))
            ? null
            : "checksum mismatch (truncated or modified file)";
    }

    /// <summary>What <paramref name="write"/> writes, as bytes (e.g. a module's state dict).</summary>
    public static byte[] Capture(Action<BinaryWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) write(writer);
        return stream.ToArray();
    }

    public static void WriteBlock(BinaryWriter writer, byte[] block)
    {
        writer.Write(block.LongLength);
        writer.Write(block);
    }

    public static byte[] ReadBlock(BinaryReader reader) => reader.ReadBytes(checked((int)reader.ReadInt64()));
}
