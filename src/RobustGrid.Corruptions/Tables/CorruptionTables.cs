using RobustGrid.Catalog;

namespace RobustGrid.Corruptions.Tables;

/// <summary>The reference parameter tables by benchmark name (<see cref="SuiteNames.Benchmarks"/>) and image
/// size.</summary>
public static class CorruptionTables
{
    public static readonly IReadOnlyList<CorruptionTable> All =
        [CifarTable.Table, TinyImageNetTable.Table, ImageNetTable.Table];

    public static CorruptionTable Get(string benchmark) =>
        All.FirstOrDefault(t => t.Name == benchmark)
        ?? throw new ArgumentException(
            $"unknown corruption benchmark '{benchmark}'; known: {string.Join(", ", SuiteNames.Benchmarks)}");

    /// <summary>
    /// The table written for square images of this size; images smaller than 32×32 (28×28 Fashion-MNIST) take the
    /// CIFAR table through the engine's padding rule. Any other size is an error naming the tables.
    /// </summary>
    public static CorruptionTable ForImageSize(int height, int width)
    {
        var benchmark = height == width ? SuiteNames.BenchmarkForImageSize(height) : null;
        if (benchmark is null && height < CifarTable.Table.ImageSize && width < CifarTable.Table.ImageSize)
            benchmark = CifarTable.Table.Name;
        if (benchmark is null)
            throw new ArgumentException(
                $"no corruption table for {height}x{width} images: the tables are " +
                string.Join(", ", SuiteNames.Benchmarks.Select(b => $"{b} ({SuiteNames.ImageSizeOf[b]} px)")) +
                "; resize the images or name a table with --benchmark");
        return Get(benchmark);
    }
}
