namespace RobustGrid.Grid.Grains.Specs;

/// <summary>
/// The folders a sweep's path-valued parameters may name: the grid's checkpoint store and the import folders its
/// operator lists. A spec may come from anyone who can reach the grid, and a silo would open whatever it names. The
/// check reads the text alone and never the file system, so a refusal is the same whether a file exists or not; what
/// the folders hold (links included) is the operator's choice.
/// </summary>
public sealed class InputSandbox
{
    /// <summary>Longest path a spec may give (Linux allows 4096; inputs live a few folders below a root).</summary>
    public const int MaxPathLength = 1024;

    /// <param name="roots">Absolute folders; a path is allowed strictly inside one of them.</param>
    public InputSandbox(IEnumerable<string> roots)
    {
        var list = new List<string>();
        foreach (var root in roots)
        {
            if (!Path.IsPathFullyQualified(root))
                throw new ArgumentException($"input folder '{root}' is not an absolute path", nameof(roots));
            list.Add(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)));
        }
        Roots = [.. list.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>No folders: inputs come from other trials (<c>trial:</c> references) only.</summary>
    public static InputSandbox None { get; } = new([]);

    public IReadOnlyList<string> Roots { get; }

    /// <summary>
    /// Whether <paramref name="path"/> is an absolute path inside a root, written plainly: no '.' or '..' segment, no
    /// empty segment, no control character, so that the text names the folder it appears to name.
    /// </summary>
    public bool Allows(string path)
    {
        if (path.Length is 0 or > MaxPathLength || path[0] != '/' || path.Any(char.IsControl)) return false;
        if (path[1..].Split('/').Any(segment => segment is "" or "." or "..")) return false;
        return Roots.Any(root => path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal));
    }
}
