using RobustGrid.Data.Cache;
using RobustGrid.Data.Catalog;

namespace RobustGrid.Tests.Shared;

/// <summary>The real datasets and scratch folders, for every test project that reads data or writes files.</summary>
internal static class TestData
{
    /// <summary>The real catalog (system and ../shared locations) with a cache folder of the test runs' own.</summary>
    public static readonly DatasetCatalog Catalog =
        new(DataSearchPath.Default(),
            new ImageSetCache(Path.Combine(Path.GetTempPath(), "robustgrid-tests", "dataset-cache")));

    /// <summary>A new empty folder under the temporary folder's robustgrid-tests.</summary>
    public static string NewScratchFolder(string prefix = "")
    {
        var path = Path.Combine(Path.GetTempPath(), "robustgrid-tests", prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
