namespace RobustGrid.Data.Files;

/// <summary>
/// Replaces a file whole: the content goes to a temporary file beside the target, which is then renamed over it, so a
/// reader, or a process killed mid-write, finds the old file or the new one, never part of one. Every write has a
/// temporary name of its own (<c>{path}.{process id}.{Guid}.tmp</c>): two writers of one target, in one process or in
/// several, never write into each other's file, and the last rename wins. A write that throws leaves the target as it
/// was and deletes its temporary file; one killed outright leaves it behind, under a name no later write reuses.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes the file through a stream over the temporary file.</summary>
    /// <param name="flushToDisk">Flushes the file to the disk before the rename, so that after a power loss the
    /// target holds the old content or the whole new one.</param>
    /// <param name="overwrite">False keeps a file that is already at <paramref name="path"/> (the first writer
    /// wins).</param>
    /// <returns>Whether <paramref name="path"/> holds what <paramref name="write"/> wrote: false only when
    /// <paramref name="overwrite"/> is false and a file was there.</returns>
    public static bool Write(string path, Action<Stream> write, bool flushToDisk = false, bool overwrite = true) =>
        WriteTo(path, temporary =>
        {
            using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            write(stream);
            stream.Flush(flushToDisk);
        }, overwrite);

    /// <summary>Writes the file through the temporary file's path, for writers that open the file themselves
    /// (TorchSharp's save). <paramref name="write"/> runs before the rename, so it may also read the file
    /// back.</summary>
    /// <param name="overwrite">As for <see cref="Write"/>.</param>
    /// <returns>As for <see cref="Write"/>.</returns>
    public static bool WriteTo(string path, Action<string> write, bool overwrite = true)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            write(temporary);
            return Move(temporary, path, overwrite);
        }
        finally
        {
            // After a rename there is nothing left to delete; after a failure or a kept target, the temporary file.
            DeleteIfLeft(temporary);
        }
    }

    private static bool Move(string temporary, string path, bool overwrite)
    {
        try
        {
            File.Move(temporary, path, overwrite);
            return true;
        }
        catch (IOException) when (!overwrite && File.Exists(path))
        {
            return false;
        }
    }

    private static void DeleteIfLeft(string temporary)
    {
        try
        {
            File.Delete(temporary);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The write's own outcome matters more; the name is never reused, so a leftover harms no later write.
        }
    }
}
