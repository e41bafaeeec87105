namespace RobustGrid.Catalog;

/// <summary>
/// The datasets RobustGrid reads, each with the corruption suite it is benchmarked on. Besides these built-in names a
/// dataset is a name registered with <c>robustgrid datasets add</c> or an image folder given inline as
/// <c>folder:PATH</c> (<see cref="DatasetReference"/>).
/// </summary>
public static class DatasetNames
{
    public const string FashionMnist = "fashion-mnist";
    public const string Cifar10 = "cifar10";
    /// <summary>CIFAR-100 with its 100 fine labels.</summary>
    public const string Cifar100 = "cifar100";
    /// <summary>CIFAR-100 with its 20 coarse (superclass) labels.</summary>
    public const string Cifar100Coarse = "cifar100-coarse";

    public static readonly IReadOnlyList<string> Names = [FashionMnist, Cifar10, Cifar100, Cifar100Coarse];

    /// <summary>Corruption suite of each dataset: generated from its test set, or read from published -C
    /// files.</summary>
    public static readonly IReadOnlyDictionary<string, string> SuiteOf = new Dictionary<string, string>
    {
        [FashionMnist] = SuiteNames.FashionMnistC,
        [Cifar10] = SuiteNames.Cifar10C,
        [Cifar100] = SuiteNames.Cifar100C,
        [Cifar100Coarse] = SuiteNames.Cifar100C,
    };
}
