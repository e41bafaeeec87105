using RobustGrid.Grid.Hosting;

namespace RobustGrid.Grid.Tests;

/// <summary>Grain state written by an earlier build (under Fixtures/), copied into a fresh embedded home.</summary>
internal static class StoredFixture
{
    /// <summary>A new home folder holding <paramref name="fixture"/> as its state, and embedded-grid options for it.</summary>
    public static GridHostOptions EmbeddedHomeWith(string fixture)
    {
        var home = Path.Combine(Path.GetTempPath(), "robustgrid-tests", Guid.NewGuid().ToString("N"));
        var from = Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(home, "state", Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return new GridHostOptions
        {
            Mode = GridClusterMode.Embedded, Home = home, FsyncState = false,
            SiloPort = 24111 + Random.Shared.Next(2000), GatewayPort = 35000 + Random.Shared.Next(2000),
        };
    }
}
