using RobustGrid.Adversarial.Classifiers;
using RobustGrid.Adversarial.Evaluation;
using RobustGrid.Adversarial.Inputs;
using RobustGrid.Data.Catalog;
using RobustGrid.Training.Checkpoints;
using static TorchSharp.torch;

namespace RobustGrid.Evaluation;

/// <summary>
/// Scores a checkpoint under an adversarial suite (<see cref="AttackPresets"/>): the first <c>images</c> test images,
/// attacked in pixel space with the checkpoint's own normalisation inside the classifier. Synchronous: call it on a
/// worker thread.
/// </summary>
public sealed class AdversarialCheckpointEvaluator(DatasetCatalog catalog)
{
    public RobustnessResult Evaluate(string checkpointPath, string suite, int images, Device device, ulong seed = 0)
    {
        if (!AttackPresets.Names.Contains(suite))
            throw new ArgumentException($"unknown adversarial suite '{suite}'; known: {string.Join(", ", AttackPresets.Names)}");
        using var model = TrainedModel.Load(checkpointPath, device);
        var test = catalog.Load(model.Metadata.Config.Dataset).Test;
        var normalization = new PixelNormalization(
            model.Normalization.Mean.Select(m => (float)m).ToArray(), model.Normalization.Std.Select(s => (float)s).ToArray());
        var classifier = ImageClassifier.FromModule(model.Module, normalization);
        var (x, y) = ImageTensors.From(test, images, device);
        using (x)
        using (y)
        using (var evaluation = new RobustnessEvaluator().Evaluate(classifier, AttackPresets.Create(suite, seed), x, y))
            return evaluation.Result;
    }
}
