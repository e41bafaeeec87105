using System.Security.Cryptography;

namespace RobustGrid.Grid.Training;

/// <summary>Content ids of checkpoints: identical checkpoints share one evaluation.</summary>
internal static class CheckpointHash
{
    /// <summary>The file's SHA-256 (32 hex digits); for several files, the hash of their hashes in order.</summary>
    public static string Of(params string[] paths)
    {
        if (paths.Length == 1) return OfFile(paths[0]);
        var joined = string.Join('\n', paths.Select(OfFile));
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(joined)))[..32];
    }

    private static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream))[..32];
    }
}
