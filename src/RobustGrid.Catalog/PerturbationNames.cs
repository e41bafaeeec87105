namespace RobustGrid.Catalog;

/// <summary>
/// The 10 CIFAR-10-P perturbations that the benchmark's mean flip probability averages over, in its evaluation
/// order, and the suite that scores them.
/// </summary>
public static class PerturbationNames
{
    public const string Suite = "cifar10-p";

    /// <summary>The dataset whose test images the sequences are made from.</summary>
    public const string Dataset = DatasetNames.Cifar10;

    public const string GaussianNoise = "gaussian_noise", ShotNoise = "shot_noise", MotionBlur = "motion_blur",
        ZoomBlur = "zoom_blur", Spatter = "spatter", Brightness = "brightness", Translate = "translate",
        Rotate = "rotate", Tilt = "tilt", Scale = "scale";

    public static readonly IReadOnlyList<string> Names =
        [GaussianNoise, ShotNoise, MotionBlur, ZoomBlur, Spatter, Brightness, Translate, Rotate, Tilt, Scale];
}
