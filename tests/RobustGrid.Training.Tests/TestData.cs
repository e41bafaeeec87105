using RobustGrid.Data.Cache;
using RobustGrid.Data.Catalog;

namespace RobustGrid.Training.Tests;

internal static class TestData
{
    /// <summary>The real catalog with a cache folder of the test run's own.</summary>
    public static readonly DatasetCatalog Catalog =
        new(DataSearchPath.Default(), new ImageSetCache(Path.Combine(Path.GetTempPath(), "robustgrid-tests", "dataset-cache")));

    public static string NewScratchFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), "robustgrid-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
