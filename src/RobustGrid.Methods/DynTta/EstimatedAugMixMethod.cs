using RobustGrid.Catalog.Methods;
using RobustGrid.Catalog.Settings;
using RobustGrid.TestTime.DynTta;
using RobustGrid.Training.Augmentations;
using RobustGrid.Training.Augmentations.Pil;
using RobustGrid.Training.Training;
using static TorchSharp.torch;

namespace RobustGrid.Methods.DynTta;

/// <summary>
/// <c>dyntta-augment</c>, the official procedure (CUB_dataset/augmix.py through its AugMixDataset with no_jsd): after
/// the standard augmentation each image becomes one AugMix view, <c>width</c> chains of 1–3 ops at random levels up
/// to <c>severity</c>, Dirichlet(1) chain weights and a Beta(1, 1) blend with the clean image, whose chains draw only
/// from the top-k ops of DynTTA's weights for the target shift (<see cref="RetrainingOps"/>); then plain CE.
/// </summary>
internal sealed class EstimatedAugMixMethod(SettingValues values) : ITrainingMethod
{
    // The policy is read when training needs it, so a finished checkpoint loads without it.
    private readonly Lazy<IReadOnlyList<string>> _ops = new(() => SelectOps(values));
    private AugMixAugmenter? _augmenter;

    public string Name => DynTtaAugmentInfo.Info.Name;

    public IReadOnlyDictionary<string, string> Details
    {
        get
        {
            var details = values.Describe().ToDictionary();
            details["ops_used"] = string.Join(",", _ops.Value);
            return details;
        }
    }

    public MethodStep Step(TrainingBatch batch)
    {
        _augmenter ??= new AugMixAugmenter(values.Int("severity"), values.Int("width"), -1, 1.0,
            PilOpSets.DynTta(_ops.Value));
        var images = batch.Profile.Augmentation.Apply(batch.Images, batch.Generator);
        var logits = batch.Model.call(_augmenter.Augment(images, 1, batch.Profile.Normalization, batch.Generator));
        return new MethodStep(nn.functional.cross_entropy(logits, batch.Labels), logits);
    }

    /// <summary>
    /// The ops the chains draw from: the top k for the shift, after AugMix's 9 with <c>augmix-ops</c> (the layout of
    /// the list the official file leaves active, whose per-shift lines replace the 4 ops of <c>augmentations_all</c>).
    /// </summary>
    public static IReadOnlyList<string> SelectOps(SettingValues values)
    {
        var policy = AugmentationPolicy.Load(values.Text("policy"));
        var shifts = (values.OptionalText("shift") ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var top = RetrainingOps.Top(policy.WeightsFor(shifts, values.Int("shift-severity")), values.Int("k"));
        return values.Bool("augmix-ops") ? [.. AugMixInfo.DefaultOps.Split(','), .. top] : top;
    }
}
