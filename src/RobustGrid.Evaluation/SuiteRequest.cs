using RobustGrid.Catalog;

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
    public static readonly IReadOnlyDictionary<string, string> DatasetOfSuite = new Dictionary<string, string>
    {
        [SuiteNames.Cifar10C] = DatasetNames.Cifar10,
        [SuiteNames.FashionMnistC] = DatasetNames.FashionMnist,
    };

    public string Dataset =>
        DatasetOfSuite.TryGetValue(Name, out var dataset) ? dataset
        : !SuiteNames.AnyDataset.Contains(Name)
            ? throw new ArgumentException($"unknown suite '{Name}'; known: {string.Join(", ", SuiteNames.Names)}")
        : EvaluatedDataset
            ?? throw new ArgumentException($"suite '{Name}' corrupts the evaluated dataset's test set; none was named");

    /// <summary>The parameter table the suite is generated with (<see cref="SuiteNames.Benchmarks"/>).</summary>
    public string Benchmark => SuiteNames.BenchmarkOf.TryGetValue(Name, out var benchmark)
        ? benchmark
        : throw new ArgumentException($"unknown suite '{Name}'; known: {string.Join(", ", SuiteNames.Names)}");

    /// <summary>The suite a dataset is benchmarked on.</summary>
    public static string ForDataset(string dataset) =>
        DatasetOfSuite.FirstOrDefault(p => p.Value == dataset).Key
        ?? throw new ArgumentException($"no corruption suite for dataset '{dataset}'; name one of " +
            string.Join(", ", SuiteNames.AnyDataset) + " that matches its image size");
}
