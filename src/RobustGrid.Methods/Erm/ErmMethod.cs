using RobustGrid.Training.Data;
using RobustGrid.Catalog.Settings;
using RobustGrid.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Methods.Erm;

/// <summary>
/// Empirical risk minimisation: standard augmentation, cross-entropy. normalization=symmetric trains on AugMix's
/// [-1, 1] inputs instead of the dataset's mean/std, so that an AugMix-against-ERM difference can be told apart
/// from a normalisation difference.
/// </summary>
internal sealed class ErmMethod(SettingValues values) : ITrainingMethod
{
    public string Name => "erm";

    public IReadOnlyDictionary<string, string> Details => values.Describe();

    public Normalization Normalization(DatasetProfile profile) => InputNormalization.For(values, profile);

    public MethodStep Step(TrainingBatch batch)
    {
        var augmented = batch.Profile.Augmentation.Apply(batch.Images, batch.Generator);
        var logits = batch.Model.call(Normalization(batch.Profile).FromBytes(augmented));
        return new MethodStep(nn.functional.cross_entropy(logits, batch.Labels), logits);
    }
}
