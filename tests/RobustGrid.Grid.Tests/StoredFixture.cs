using RobustGrid.Grid.Hosting;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>Grain state written by an earlier build (under Fixtures/), copied into a fresh embedded home.</summary>
internal static class StoredFixture
{
    /// <summary>A new home folder holding <paramref name="fixture"/> as its state, and embedded-grid options for
    /// it.</summary>
    public static GridHostOptions EmbeddedHomeWith(string fixture)
    {
        var home = TestData.NewScratchFolder();
        var from = Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(home, "state", Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return EmbeddedGrids.Host(home);
    }
}
