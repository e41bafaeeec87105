using RobustGrid.Adversarial.Classifiers;
using RobustGrid.Adversarial.Evaluation;
using RobustGrid.Adversarial.Inputs;
using RobustGrid.Data;
using RobustGrid.Data.Catalog;
using RobustGrid.Evaluation.Scoring;
using static TorchSharp.torch;

namespace RobustGrid.Evaluation;

/// <summary>
/// Scores a classifier under an adversarial suite (<see cref="AttackPresets"/>): the first <c>images</c> test images,
/// attacked in pixel space with the classifier's own normalisation inside it. The attacks decide which points to
/// attack further; the reported clean and robust accuracy are the scorer's, over the clean and the final adversarial
/// images. Synchronous: call it on a worker thread.
/// </summary>
public sealed class AdversarialCheckpointEvaluator(DatasetCatalog catalog)
{
    public RobustnessResult Evaluate(ModuleClassifier classifier, string suite, int images, Device device,
        ulong seed = 0)
    {
        if (!AttackPresets.Names.Contains(suite))
            throw new ArgumentException(
                $"unknown adversarial suite '{suite}'; known: {string.Join(", ", AttackPresets.Names)}");
        // Only the attacked images come into memory, from a test split on disk too.
        var test = catalog.Load(classifier.Dataset).TestImages.Take(images).Load();
        var attacked =
            ImageClassifier.FromModule(classifier.Module, new PixelNormalization(classifier.Mean, classifier.Std));
        var (x, y) = ImageTensors.From(test, images, device);
        using (x)
        using (y)
        using (var evaluation = new RobustnessEvaluator().Evaluate(attacked, AttackPresets.Create(suite, seed), x, y))
        {
            var clean = ImageScoring.Score(attacked.Logits, x, y);
            var robust = ImageScoring.Score(attacked.Logits, evaluation.AdversarialImages, y);
            return evaluation.Result with { CleanAccuracy = clean.Accuracy, RobustAccuracy = robust.Accuracy };
        }
    }
}
