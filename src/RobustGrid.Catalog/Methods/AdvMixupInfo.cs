using RobustGrid.Catalog.Settings;

namespace RobustGrid.Catalog.Methods;

public static class AdvMixupInfo
{
    /// <summary>The labels value of the geometric label weight.</summary>
    public const string ProjectionLabels = "projection";

    /// <summary>The perturb value that perturbs the two images before mixing (the default).</summary>
    public const string PerturbEndpoints = "endpoints";

    /// <summary>The perturb value that perturbs the mixed image itself.</summary>
    public const string PerturbMixed = "mixed";

    /// <summary>The ratio_gradient value of the whole mixed loss's gradient (the default).</summary>
    public const string RatioLossGradient = "loss";

    /// <summary>The ratio_gradient value that holds the label weight fixed: the image path's gradient.</summary>
    public const string RatioImageGradient = "image";

    public static readonly MethodInfo Info = new("adv-mixup",
        "Adversarially optimized mixup (reconstruction): PGD through the mixup interpolation, ratio optimisation, " +
        "label assignment.",
        [
            new DoubleSetting("alpha", "Mixup Beta(alpha, alpha) concentration.", 1.0, 0, 100, MinExclusive: true),
            new DoubleSetting("epsilon", "L-inf radius of the endpoint perturbations, in [0, 1] pixel units.",
                8.0 / 255, 0, 1),
            new IntSetting("steps", "PGD steps through the interpolation (0: plain mixup).", 7, 0, 100),
            new DoubleSetting("step_size", "PGD sign-step size, in [0, 1] pixel units.", 2.0 / 255, 0, 1),
            new BoolSetting("optimize_ratio", "Also take adversarial sign steps on the mixup ratio.", true),
            new DoubleSetting("ratio_step", "Sign-step size on the mixup ratio (unverified default).", 0.05, 0, 1),
            new ChoiceSetting("labels",
                "Label weight: 'ratio' (the mixup ratio) or 'projection' (geometric; an unverified guess).",
                "ratio", ["ratio", ProjectionLabels]),
            new ChoiceSetting("perturb",
                "Where PGD's perturbation goes: on the two images before mixing ('endpoints') or on the mix ('mixed').",
                PerturbEndpoints, [PerturbEndpoints, PerturbMixed]),
            new ChoiceSetting("ratio_gradient",
                "Ratio steps follow the mixed loss's gradient ('loss') or only its image path, weight fixed ('image').",
                RatioLossGradient, [RatioLossGradient, RatioImageGradient]),
        ],
        MethodRecipe.None);
}
