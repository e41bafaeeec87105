namespace RobustGrid.Grid.Tests;

/// <summary>Grain state written by an earlier build (under Fixtures/), copied into a fresh home's state folder.</summary>
internal static class StoredFixture
{
    public static void CopyState(string fixture, string home)
    {
        var from = Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(home, "state", Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
