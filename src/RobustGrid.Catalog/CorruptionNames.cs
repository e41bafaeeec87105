namespace RobustGrid.Catalog;

/// <summary>The 19 CIFAR-10-C corruptions in the reference generator's order: the 15 benchmark ones, then the 4
/// extras.</summary>
public static class CorruptionNames
{
    public static readonly IReadOnlyList<string> Benchmark =
    [
        "gaussian_noise", "shot_noise", "impulse_noise", "defocus_blur", "glass_blur", "motion_blur", "zoom_blur",
        "snow", "frost", "fog", "brightness", "contrast", "elastic_transform", "pixelate", "jpeg_compression",
    ];

    public static readonly IReadOnlyList<string> Extras = ["speckle_noise", "gaussian_blur", "spatter", "saturate"];

    public static readonly IReadOnlyList<string> Names = [.. Benchmark, .. Extras];

    public const int MaxSeverity = 5;
}
