namespace RobustGrid.Data.Catalog;

/// <summary>
/// The folders searched for datasets and assets, in order: <c>ROBUSTGRID_DATA</c>, then <c>../shared/datasets</c>
/// seen from the working folder or any folder above it or above the program, then the system locations.
/// </summary>
public sealed class DataSearchPath(IReadOnlyList<string> roots)
{
    public const string DataVariable = "ROBUSTGRID_DATA";
    public static readonly string[] SystemRoots = ["/usr/share/datasets", "/usr/local/share/datasets"];

    public IReadOnlyList<string> Roots { get; } = roots;

    public static DataSearchPath Default()
    {
        var roots = new List<string>();
        var configured = Environment.GetEnvironmentVariable(DataVariable);
        if (!string.IsNullOrWhiteSpace(configured)) roots.Add(Path.GetFullPath(configured));
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir?.Parent is not null; dir = dir.Parent)
            {
                var shared = Path.Combine(dir.Parent.FullName, "shared", "datasets");
                if (Directory.Exists(shared) && !roots.Contains(shared)) roots.Add(shared);
            }
        }
        roots.AddRange(SystemRoots.Where(r => !roots.Contains(r)));
        return new DataSearchPath(roots);
    }

    /// <summary>The first existing file or folder among the candidates, relative to each root in turn.</summary>
    public string? Find(IEnumerable<string> relativeCandidates, ICollection<string> tried)
    {
        var candidates = relativeCandidates.ToArray();
        foreach (var root in Roots)
        {
            foreach (var candidate in candidates)
            {
                var path = Path.Combine(root, candidate);
                tried.Add(path);
                if (File.Exists(path) || Directory.Exists(path)) return path;
            }
        }
        return null;
    }

    /// <summary>An asset folder such as <c>frost</c>; throws naming every place tried.</summary>
    public string FindAsset(string name, string hint)
    {
        var tried = new List<string>();
        return Find([name], tried) ?? throw new DatasetNotFoundException(name, tried, hint);
    }
}
