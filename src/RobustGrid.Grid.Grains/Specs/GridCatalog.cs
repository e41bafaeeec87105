using RobustGrid.Data.Catalog;

namespace RobustGrid.Grid.Grains.Specs;

/// <summary>Names a spec may use. Kept here so validation can run on any silo or client without TorchSharp.</summary>
public static class GridCatalog
{
    public static IReadOnlyList<string> Datasets => DatasetCatalog.Names;

    /// <summary>
    /// Training methods, then DynTTA, whose trials train a test-time enhancer through a frozen classifier
    /// (<c>dyntta.checkpoint</c>). natra and dyntta-augment train with stage outputs made beforehand
    /// (<c>natra.stages</c>, <c>dyntta-augment.policy</c>).
    /// </summary>
    public static readonly IReadOnlyList<string> Methods = ["erm", "augmix", "ipmix", "advbn", "adv-mixup", "natra", "dyntta-augment", "dyntta"];

    /// <summary>A parameter value naming an earlier trial's run folder (<c>trial:&lt;sweep id&gt;/&lt;index&gt;</c>) instead of a path.</summary>
    public const string TrialReferencePrefix = "trial:";

    public static readonly IReadOnlyList<string> Models = ["small-cnn", "resnet18", "wrn-40-2", "wrn-40-4"];

    public static readonly IReadOnlyList<string> SearchMethods = ["grid", "random", "tpe"];

    public static readonly IReadOnlyList<string> Devices = ["auto", "cpu", "cuda"];

    /// <summary>The 15 benchmark corruptions of CIFAR-10-C, then its 4 extras.</summary>
    public static readonly IReadOnlyList<string> Corruptions =
    [
        "gaussian_noise", "shot_noise", "impulse_noise", "defocus_blur", "glass_blur", "motion_blur", "zoom_blur",
        "snow", "frost", "fog", "brightness", "contrast", "elastic_transform", "pixelate", "jpeg_compression",
        "speckle_noise", "gaussian_blur", "spatter", "saturate",
    ];

    /// <summary>Adversarial suites (RobustGrid.Adversarial's presets); each becomes a robust-accuracy column.</summary>
    public static readonly IReadOnlyList<string> AdversarialSuites =
        ["pgd-2/255", "pgd-8/255", "autoattack-linf-8/255", "autoattack-l2-0.5", "apgd-ce+apgd-t-linf-8/255"];

    /// <summary>Per-epoch metrics ASHA can use.</summary>
    public static readonly IReadOnlyList<string> EpochMetrics = ["test_accuracy", "train_accuracy", "train_loss"];

    public static IReadOnlyList<string> SuitesFor(string dataset) => ["clean", $"{dataset}-c"];

    /// <summary>Training parameters every executor understands, with their value type.</summary>
    public static readonly IReadOnlyDictionary<string, Type> TrainingParameters = new Dictionary<string, Type>
    {
        ["method"] = typeof(string),
        ["model"] = typeof(string),
        ["epochs"] = typeof(int),
        ["batch_size"] = typeof(int),
        ["learning_rate"] = typeof(double),
        ["momentum"] = typeof(double),
        ["weight_decay"] = typeof(double),
        ["warmup_epochs"] = typeof(int),
        ["train_limit"] = typeof(int),
        ["test_limit"] = typeof(int),
        ["threads"] = typeof(int),
        ["precision"] = typeof(string),
        ["channels_last"] = typeof(bool),
    };

    /// <summary>
    /// The trainer's arithmetic (RobustGrid.Training's TrainingPrecision.Names; a test keeps the two equal).
    /// tf32 is CUDA-only.
    /// </summary>
    public static readonly IReadOnlyList<string> Precisions = ["fp32", "tf32", "bf16-mixed"];

    public const string CudaOnlyPrecision = "tf32";

    public static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>
    {
        ["method"] = "erm",
        ["model"] = "small-cnn",
        ["epochs"] = "1",
    };

    /// <summary>Leaderboard metric names a sweep may optimise.</summary>
    public static bool IsKnownMetric(string metric)
    {
        if (metric is MetricNames.CleanError or MetricNames.CleanAccuracy or MetricNames.MeanCorruptionError
            or MetricNames.MeanCorruptionAccuracy or MetricNames.Ece or MetricNames.RmsCalibrationError or MetricNames.Nll) return true;
        var parts = metric.Split('/');
        if (parts.Length is 2 or 3 && parts[0] == "corruption" && Corruptions.Contains(parts[1]))
            return parts.Length == 2 || int.TryParse(parts[2], out var s) && s is >= 1 and <= 5;
        return false;
    }
}
