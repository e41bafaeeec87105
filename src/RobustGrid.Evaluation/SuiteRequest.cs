namespace RobustGrid.Evaluation;

/// <summary>
/// Which corrupted test set to score on. <c>cifar10-c</c> and <c>fashion-mnist-c</c> are generated from the dataset's
/// test set by the corruption engine (seeded, cached); <see cref="Folder"/> points at published CIFAR-10-C style files
/// instead. <see cref="Corruptions"/> null means all 19.
/// </summary>
public sealed record SuiteRequest(string Name, long Seed = 0, int? Limit = null, string? Folder = null,
    IReadOnlyList<string>? Corruptions = null)
{
    public static readonly IReadOnlyDictionary<string, string> DatasetOfSuite = new Dictionary<string, string>
    {
        ["cifar10-c"] = "cifar10",
        ["fashion-mnist-c"] = "fashion-mnist",
    };

    public string Dataset => DatasetOfSuite.TryGetValue(Name, out var dataset)
        ? dataset
        : throw new ArgumentException($"unknown suite '{Name}'; known: {string.Join(", ", DatasetOfSuite.Keys)}");

    /// <summary>The suite a dataset is benchmarked on.</summary>
    public static string ForDataset(string dataset) =>
        DatasetOfSuite.FirstOrDefault(p => p.Value == dataset).Key
        ?? throw new ArgumentException($"no corruption suite for dataset '{dataset}'");
}
