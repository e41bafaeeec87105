using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Methods;

/// <summary>Empirical risk minimisation: standard augmentation, cross-entropy.</summary>
public sealed class ErmMethod : ITrainingMethod
{
    public string Name => "erm";

    public MethodStep Step(TrainingBatch batch)
    {
        var augmented = batch.Profile.Augmentation.Apply(batch.Images, batch.Generator);
        var logits = batch.Model.call(batch.Profile.Normalization.FromBytes(augmented));
        return new MethodStep(nn.functional.cross_entropy(logits, batch.Labels), logits);
    }
}
