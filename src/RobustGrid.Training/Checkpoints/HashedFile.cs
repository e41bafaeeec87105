using System.Security.Cryptography;

namespace RobustGrid.Training.Checkpoints;

/// <summary>
/// The container every RobustGrid checkpoint uses: magic, a body of length-prefixed blocks, then a SHA-256 of
/// everything before it. Written to a temporary file, flushed to disk and renamed, so a crash leaves the previous
/// file or the new one; a damaged file fails its hash instead of loading wrong.
/// </summary>
internal static class HashedFile
{
    private const int HashBytes = 32;

    public static void Write(string path, byte[] magic, Action<BinaryWriter> writeBody)
    {
        using var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(magic);
            writeBody(writer);
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

    /// <summary>A reader over the verified body (after the magic); <paramref name="corrupt"/> builds the error to throw.</summary>
    public static BinaryReader OpenVerified(string path, byte[] magic, string kind, Func<string, Exception> corrupt)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{kind} not found: {path}", path);
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < magic.Length + HashBytes || !bytes.AsSpan(0, magic.Length).SequenceEqual(magic))
            throw corrupt($"not a RobustGrid {kind} (bad magic)");
        var bodyLength = bytes.Length - HashBytes;
        if (!SHA256.HashData(bytes.AsSpan(0, bodyLength)).AsSpan().SequenceEqual(bytes.AsSpan(bodyLength)))
            throw corrupt("checksum mismatch (truncated or modified file)");
        return new BinaryReader(new MemoryStream(bytes, magic.Length, bodyLength - magic.Length));
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
