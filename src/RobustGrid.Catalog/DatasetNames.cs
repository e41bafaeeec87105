namespace RobustGrid.Catalog;

/// <summary>The datasets RobustGrid reads, each with the corruption suite it is benchmarked on.</summary>
public static class DatasetNames
{
    public const string FashionMnist = "fashion-mnist";
    public const string Cifar10 = "cifar10";

    public static readonly IReadOnlyList<string> Names = [FashionMnist, Cifar10];

    /// <summary>Corruption suite of each dataset: generated from its test set, or read from published -C
    /// files.</summary>
    public static readonly IReadOnlyDictionary<string, string> SuiteOf = new Dictionary<string, string>
    {
        [FashionMnist] = SuiteNames.FashionMnistC,
        [Cifar10] = SuiteNames.Cifar10C,
    };
}
