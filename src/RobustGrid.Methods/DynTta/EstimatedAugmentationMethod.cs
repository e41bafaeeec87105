using RobustGrid.Catalog.Methods;
using RobustGrid.Catalog.Settings;
using RobustGrid.TestTime.DynTta;
using RobustGrid.Training.Training;
using static TorchSharp.torch;

namespace RobustGrid.Methods.DynTta;

/// <summary>
/// RECONSTRUCTION (named <c>dyntta-augment</c>): retraining with the augmentations DynTTA's weights point to
/// (<see cref="PolicyAugmentation"/>), then plain CE.
/// </summary>
internal sealed class EstimatedAugmentationMethod(string policyPath, int top, double probability) : ITrainingMethod
{
    private PolicyAugmentation? _augmentation;

    public string Name => "dyntta-augment";

    public MethodStep Step(TrainingBatch batch)
    {
        _augmentation ??= PolicyAugmentation.Load(policyPath, top, probability, batch.Images.device);
        var augmented = _augmentation.Apply(batch.Images, batch.Generator);
        var logits = batch.Model.call(batch.Profile.Normalization.Apply(augmented));
        return new MethodStep(nn.functional.cross_entropy(logits, batch.Labels), logits);
    }

    /// <summary>The method from its parsed hyperparameters (<see cref="DynTtaAugmentInfo"/>).</summary>
    public static EstimatedAugmentationMethod FromSettings(SettingValues values) =>
        values.OptionalText("policy") is { } policy
            ? new EstimatedAugmentationMethod(policy, values.Int("top"), values.Double("probability"))
            : throw new ArgumentException(
                "method 'dyntta-augment' needs policy=<augmentation-policy.json from 'robustgrid dyntta'>");
}
