using RobustGrid.Catalog.Settings;

namespace RobustGrid.Catalog.Methods;

/// <summary>
/// DynTTA's retraining with the augmentations its weights estimate for a shift (CUB_dataset/augmix.py): AugMix whose
/// chains draw only from the top-k ops, or the weighted-single variant.
/// </summary>
public static class DynTtaAugmentInfo
{
    public const string AugMixProcedure = "augmix", WeightedSingleProcedure = "weighted-single";

    /// <summary>
    /// How many different PIL ops DynTTA's operations map to (URIE has none; all radii are one filter).
    /// </summary>
    public const int RetrainingOpCount = 13;

    public static readonly MethodInfo Info = new("dyntta-augment",
        "DynTTA's 'estimate training-time augmentations': retrain with AugMix restricted to the top-k ops of " +
        "DynTTA's weights for a shift (official CUB_dataset/augmix.py).",
        [
            new PathSetting("policy", "augmentation-policy.json written by 'robustgrid dyntta'.", null, "file"),
            new ChoiceSetting("procedure",
                "augmix: AugMix over the top-k ops at random levels (official); weighted-single: one of the top " +
                "operations at its weight-averaged magnitude with a probability.", AugMixProcedure,
                [AugMixProcedure, WeightedSingleProcedure]),
            new TextSetting("shift",
                "Comma-separated corruptions whose weights choose the ops (empty: pooled over every corruption and " +
                "severity of the policy).", null, "corruption names of the policy's shifts"),
            new IntSetting("shift-severity", "Severity of the named shifts (0: every severity).", 5, 0, 5),
            new IntSetting("k", "How many ops (by summed weight) the AugMix chains draw from.", 4, 1,
                RetrainingOpCount),
            new BoolSetting("augmix-ops", "Also draw from AugMix's 9 default ops, besides the top-k.", false),
            new IntSetting("severity", "Upper bound of each op's level U(0.1, severity).", 5, 1, 10),
            new IntSetting("width", "Augmentation chains mixed per image.", 3, 1, 10),
            new IntSetting("top", "weighted-single: how many operations (by mean weight) to draw from.", 5, 1,
                DynTtaInfo.OperationCount - 1),
            new DoubleSetting("probability", "weighted-single: probability that an image is augmented.", 0.5, 0, 1),
        ],
        MethodRecipe.None)
    {
        RequiredInput = "policy: the augmentation-policy.json of a DynTTA stage folder",
    };
}
