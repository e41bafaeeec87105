using RobustGrid.TestTime.DynTta;
using RobustGrid.TestTime.Operations;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// An augmentation policy as <c>robustgrid dyntta</c> writes one, with made-up weights, so that a test can retrain
/// with <c>dyntta-augment</c> without training DynTTA first.
/// </summary>
internal static class ExamplePolicy
{
    /// <returns>The policy file written into <paramref name="folder"/>.</returns>
    public static string Write(string folder)
    {
        var path = Path.Combine(folder, AugmentationPolicy.FileName);
        var weights = OperationCatalog.Names.Select((_, i) => i % 7 == 0 ? 0.1 : 0.01).ToArray();
        var magnitudes = OperationCatalog.Names.Select((_, i) => 0.1 + i % 5 * 0.2).ToArray();
        new AugmentationPolicy([.. OperationCatalog.Names], weights, magnitudes).Save(path);
        return path;
    }
}
