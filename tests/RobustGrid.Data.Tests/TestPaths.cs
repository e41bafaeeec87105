using RobustGrid.Data.Catalog;

namespace RobustGrid.Data.Tests;

/// <summary>Real data locations on a machine set up as README describes, and scratch folders.</summary>
internal static class TestPaths
{
    public const string FashionMnistFolder = "/usr/share/datasets/fashion-mnist";

    public static string SharedDataset(string name) =>
        DataSearchPath.Default().Find([name], new List<string>())
        ?? throw new InvalidOperationException($"{name} not found; the tests need ../shared/datasets (see README)");

    public static string NewScratchFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), "robustgrid-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
