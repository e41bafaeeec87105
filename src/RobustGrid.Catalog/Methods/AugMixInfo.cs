using RobustGrid.Catalog.Settings;

namespace RobustGrid.Catalog.Methods;

public static class AugMixInfo
{
    /// <summary>AugMix's 9 default ops (augmentations.py), in the reference's order.</summary>
    public const string DefaultOps =
        "autocontrast,equalize,posterize,rotate,solarize,shear_x,shear_y,translate_x,translate_y";

    public static readonly MethodInfo Info = new("augmix",
        "AugMix: chains of 9 PIL ops mixed with Dirichlet/Beta weights, plus the Jensen-Shannon consistency loss.",
        [
            new IntSetting("severity", "Upper bound of each op's level U(0.1, severity).", 3, 1, 10),
            new IntSetting("width", "Augmentation chains mixed per view.", 3, 1, 10),
            new IntSetting("depth", "Ops per chain; -1 draws 1-3 per chain.", -1, 1, 10, Extra: [-1]),
            new DoubleSetting("alpha", "Dirichlet and Beta concentration of the mixing weights.", 1.0, 0, 100,
                MinExclusive: true),
            new BoolSetting("jsd", "Jensen-Shannon consistency over clean + 2 AugMix views (else CE on one view).",
                true),
            new DoubleSetting("jsd_weight", "Weight of the Jensen-Shannon term.", 12.0, 0, 1000),
            new TextSetting("ops",
                "Comma-separated ops the chains draw from (ablations; the reference uses the 9 default ops).",
                DefaultOps, $"a subset of {DefaultOps},contrast"),
            InputNormalizationSetting.Create(InputNormalizationSetting.Symmetric),
        ],
        new MethodRecipe
        {
            Model = "wrn-40-2",
            Epochs = 100,
            BatchSize = 128,
            LearningRate = 0.1,
            MinLearningRate = 1e-6,
            Momentum = 0.9,
            Nesterov = true,
            WeightDecay = 5e-4,
        });
}
