using RobustGrid.Data.Catalog;

namespace RobustGrid.Data.Tests;

/// <summary>Real data locations on a machine set up as README describes.</summary>
internal static class TestPaths
{
    public const string FashionMnistFolder = "/usr/share/datasets/fashion-mnist";

    public static string SharedDataset(string name) =>
        DataSearchPath.Default().Find([name], new List<string>())
        ?? throw new InvalidOperationException($"{name} not found; the tests need ../shared/datasets (see README)");
}
