using RobustGrid.Adversarial.Classifiers;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Evaluation;

/// <summary>One pass of an attack on a subset of the batch: its candidate images and which of them fool the
/// classifier.</summary>
internal delegate (Tensor Candidates, Tensor Fooled) AttackPass(Tensor images, Tensor labels, int pass,
    Generator generator);

/// <summary>
/// How every attack here spends its restarts and target classes, as the reference does: a number of passes, each on
/// the points no earlier pass fooled, stopping early once none is left. One generator is seeded once per call, as the
/// reference re-seeds torch at the start of perturb().
/// </summary>
internal static class StillCorrectPasses
{
    /// <param name="firstPassCoversAll">
    /// The first pass attacks every point, correct or not, and its candidates replace the clean images, so that each
    /// point comes back perturbed (PGD's convention); later passes attack only the points still correct.
    /// </param>
    public static Tensor Attack(
        ImageClassifier classifier, Tensor images, Tensor labels, ulong seed, int passes, AttackPass pass,
        bool firstPassCoversAll = false)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(seed, images.device);
        var clean = images.detach();
        var adversarial = clean.clone();
        var stillCorrect = classifier.Predict(clean).eq(labels);
        for (var index = 0; index < passes; index++)
        {
            using var passScope = NewDisposeScope();
            var coversAll = firstPassCoversAll && index == 0;
            var indices = coversAll ? arange(clean.shape[0], ScalarType.Int64, clean.device)
                : Subsets.IndicesOf(stillCorrect);
            if (indices.numel() == 0) break;
            var (candidates, fooled) =
                pass(clean.index_select(0, indices), labels.index_select(0, indices), index, generator);
            if (coversAll) adversarial.index_copy_(0, indices, candidates);
            Subsets.WriteFooled(adversarial, stillCorrect, indices, candidates, fooled);
        }
        return adversarial.MoveToOuterDisposeScope();
    }
}
