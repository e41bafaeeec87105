using RobustGrid.Catalog;

namespace RobustGrid.Corruptions.Perturbations;

/// <summary>The 10 CIFAR-10-P perturbations by name, in <see cref="PerturbationNames.Names"/>' order.</summary>
public static class PerturbationRegistry
{
    public static readonly IReadOnlyList<IPerturbation> All =
    [
        new GaussianNoiseSequence(), new ShotNoiseSequence(), new MotionBlurSequence(), new ZoomBlurSequence(),
        new SpatterSequence(), new BrightnessSequence(), new TranslateSequence(), new RotateSequence(),
        new TiltSequence(), new ScaleSequence(),
    ];

    public static IPerturbation Get(string name) =>
        All.FirstOrDefault(p => p.Name == name)
        ?? throw new ArgumentException(
            $"unknown perturbation '{name}'; known: {string.Join(", ", PerturbationNames.Names)}", nameof(name));
}
