namespace RobustGrid.Catalog;

/// <summary>
/// The corruption benchmarks (one reference parameter table each, for one image size) and the generated suites built
/// on them. cifar10-c and fashion-mnist-c belong to one dataset; cifar100-c, tinyimagenet-c and imagenet-c corrupt the
/// test set of whatever dataset is evaluated, provided its images have the benchmark's size.
/// </summary>
public static class SuiteNames
{
    public const string Cifar10C = "cifar10-c";
    public const string FashionMnistC = "fashion-mnist-c";
    public const string Cifar100C = "cifar100-c";
    public const string TinyImageNetC = "tinyimagenet-c";
    public const string ImageNetC = "imagenet-c";

    /// <summary>The parameter tables, by benchmark name (what <c>robustgrid corrupt --benchmark</c> takes).</summary>
    public static readonly IReadOnlyList<string> Benchmarks = [Cifar10C, TinyImageNetC, ImageNetC];

    /// <summary>The image side each benchmark's table is written for.</summary>
    public static readonly IReadOnlyDictionary<string, int> ImageSizeOf = new Dictionary<string, int>
    {
        [Cifar10C] = 32,
        [TinyImageNetC] = 64,
        [ImageNetC] = 224,
    };

    /// <summary>Every generated suite and the benchmark table it corrupts with (28×28 grey images go through the
    /// CIFAR table padded to 32).</summary>
    public static readonly IReadOnlyDictionary<string, string> BenchmarkOf = new Dictionary<string, string>
    {
        [Cifar10C] = Cifar10C,
        [FashionMnistC] = Cifar10C,
        [Cifar100C] = Cifar10C,
        [TinyImageNetC] = TinyImageNetC,
        [ImageNetC] = ImageNetC,
    };

    /// <summary>The suites that are not tied to one dataset: any dataset of the benchmark's image size.</summary>
    public static readonly IReadOnlyList<string> AnyDataset = [Cifar100C, TinyImageNetC, ImageNetC];

    /// <summary>Suites whose mCE is also reported normalised by AlexNet's errors, as the ImageNet-C paper
    /// does.</summary>
    public static readonly IReadOnlyList<string> AlexNetNormalised = [ImageNetC];

    public static IReadOnlyList<string> Names => [.. BenchmarkOf.Keys];

    /// <summary>The suite open to any dataset whose table is written for <paramref name="imageSize"/>, or
    /// null.</summary>
    public static string? AnyDatasetForImageSize(int imageSize) =>
        AnyDataset.FirstOrDefault(s => ImageSizeOf[BenchmarkOf[s]] == imageSize);

    /// <summary>The benchmark whose table is written for <paramref name="imageSize"/>, or null.</summary>
    public static string? BenchmarkForImageSize(int imageSize) =>
        ImageSizeOf.FirstOrDefault(p => p.Value == imageSize).Key;
}
