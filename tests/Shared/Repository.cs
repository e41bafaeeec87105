namespace RobustGrid.Tests.Shared;

/// <summary>Paths inside the repository, found from the test assembly's location.</summary>
internal static class Repository
{
    /// <summary>The folder that holds RobustGrid.sln above the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// An executable built in the same configuration, framework and runtime as this test assembly: the test project
    /// references its project, so building the tests builds it.
    /// </summary>
    /// <param name="project">The project's folder relative to the root, e.g. "src/RobustGrid.Cli".</param>
    public static string BuiltExecutable(string project, string name)
    {
        // .../tests/<project>/bin/Release/net10.0/linux-x64/ -> Release/net10.0/linux-x64
        var testBin = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var marker = $"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}";
        var at = testBin.LastIndexOf(marker, StringComparison.Ordinal);
        if (at < 0) throw new InvalidOperationException($"the test assembly does not run from a bin folder: {testBin}");
        var path = Path.Combine(Root, project, "bin", testBin[(at + marker.Length)..], name);
        return File.Exists(path) ? path
            : throw new FileNotFoundException($"{name} is not built at {path}: dotnet build RobustGrid.sln", path);
    }

    public static string Scripts => Path.Combine(Root, "scripts");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RobustGrid.sln"))) return dir.FullName;
        throw new InvalidOperationException("RobustGrid.sln not found above " + AppContext.BaseDirectory);
    }
}
