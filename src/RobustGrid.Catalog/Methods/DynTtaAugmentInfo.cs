using RobustGrid.Catalog.Settings;

namespace RobustGrid.Catalog.Methods;

public static class DynTtaAugmentInfo
{
    public static readonly MethodInfo Info = new("dyntta-augment",
        "RECONSTRUCTION of DynTTA's 'estimate training-time augmentations': " +
        "retrain with the top operations of DynTTA's aggregated weights.",
        [
            new PathSetting("policy", "augmentation-policy.json written by 'robustgrid dyntta'.", null, "file"),
            new IntSetting("top", "How many operations (by aggregated weight) to draw from.", 5, 1,
                DynTtaInfo.OperationCount - 1),
            new DoubleSetting("probability", "Probability that an image is augmented.", 0.5, 0, 1),
        ],
        MethodRecipe.None)
    {
        RequiredInput = "policy: the augmentation-policy.json of a DynTTA stage folder",
    };
}
