using RobustGrid.Catalog.Methods;
using RobustGrid.Catalog.Settings;
using RobustGrid.TestTime.DynTta;
using RobustGrid.Training.Training;
using static TorchSharp.torch;

namespace RobustGrid.Methods.DynTta;

/// <summary>
/// <c>dyntta-augment</c> with <c>procedure=weighted-single</c>, not the official procedure: each image, with a
/// probability, becomes one of the policy's top operations at its weight-averaged magnitude
/// (<see cref="PolicyAugmentation"/>), then plain CE.
/// </summary>
internal sealed class WeightedSingleMethod(SettingValues values) : ITrainingMethod
{
    private PolicyAugmentation? _augmentation;

    public string Name => DynTtaAugmentInfo.Info.Name;

    public IReadOnlyDictionary<string, string> Details => values.Describe();

    public MethodStep Step(TrainingBatch batch)
    {
        _augmentation ??= PolicyAugmentation.Load(values.Text("policy"), values.Int("top"),
            values.Double("probability"), batch.Images.device);
        var augmented = _augmentation.Apply(batch.Images, batch.Generator);
        var logits = batch.Model.call(batch.Profile.Normalization.Apply(augmented));
        return new MethodStep(nn.functional.cross_entropy(logits, batch.Labels), logits);
    }
}
