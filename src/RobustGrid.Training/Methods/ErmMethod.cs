using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Methods;

/// <summary>Empirical risk minimisation: standard augmentation, cross-entropy.</summary>
public sealed class ErmMethod : ITrainingMethod
{
    public static readonly MethodDescriptor Descriptor = new("erm",
        "Empirical risk minimisation: the dataset's standard augmentation and cross-entropy.", [], MethodRecipe.None,
        _ => new ErmMethod());

    public string Name => "erm";

    public MethodStep Step(TrainingBatch batch)
    {
        var augmented = batch.Profile.Augmentation.Apply(batch.Images, batch.Generator);
        var logits = batch.Model.call(batch.Profile.Normalization.FromBytes(augmented));
        return new MethodStep(nn.functional.cross_entropy(logits, batch.Labels), logits);
    }
}
