using RobustGrid.Catalog;
using RobustGrid.Data.Catalog;

namespace RobustGrid.Evaluation;

/// <summary>
/// Which corrupted test set to score on. The suites in <see cref="SuiteNames"/> are generated from a test set by the
/// corruption engine (seeded, cached): <c>cifar10-c</c> and <c>fashion-mnist-c</c> from their dataset's, and
/// <c>cifar100-c</c>, <c>tinyimagenet-c</c> and <c>imagenet-c</c> from the test set of
/// <see cref="EvaluatedDataset"/>, whose images must have the suite's size. <see cref="Folder"/> points at published
/// files instead. <see cref="Corruptions"/> null means all 19; <see cref="Severities"/> null means all five, and a
/// subset is the only one generated and scored (each corruption's error is then its mean over those severities).
/// </summary>
public sealed record SuiteRequest(string Name, long Seed = 0, int? Limit = null, string? Folder = null,
    IReadOnlyList<string>? Corruptions = null, string? EvaluatedDataset = null, IReadOnlyList<int>? Severities = null)
{
    public string Dataset =>
        !SuiteNames.Names.Contains(Name)
            ? throw new ArgumentException($"unknown suite '{Name}'; known: {string.Join(", ", SuiteNames.Names)}")
        : !SuiteNames.AnyDataset.Contains(Name) ? DatasetNames.SuiteOf.First(p => p.Value == Name).Key
        : EvaluatedDataset
            ?? throw new ArgumentException($"suite '{Name}' corrupts the evaluated dataset's test set; none was named");

    /// <summary>The parameter table the suite is generated with (<see cref="SuiteNames.Benchmarks"/>).</summary>
    public string Benchmark => SuiteNames.BenchmarkOf.TryGetValue(Name, out var benchmark)
        ? benchmark
        : throw new ArgumentException($"unknown suite '{Name}'; known: {string.Join(", ", SuiteNames.Names)}");

    /// <summary>
    /// The suite a dataset is benchmarked on: a built-in dataset's own (<see cref="DatasetNames.SuiteOf"/>), else (an
    /// image folder, inline or registered) the generated suite for the size of its test images.
    /// </summary>
    public static string ForDataset(string dataset, DatasetCatalog catalog)
    {
        if (DatasetNames.SuiteOf.TryGetValue(dataset, out var own)) return own;
        var test = catalog.Load(dataset).Test;
        if (test.Height == test.Width && SuiteNames.AnyDatasetForImageSize(test.Height) is { } sized) return sized;
        throw new ArgumentException($"no corruption suite for dataset '{dataset}': its test images are " +
            $"{test.Height}x{test.Width}, and the generated suites are for " + string.Join(", ",
                SuiteNames.AnyDataset.Select(s => $"{SuiteNames.ImageSizeOf[SuiteNames.BenchmarkOf[s]]} px ({s})")) +
            " (square test images of another size have no corruption suite)");
    }
}
