using System.Diagnostics;
using RobustGrid.Adversarial.Classifiers;
using RobustGrid.Adversarial.Norms;
using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Evaluation;

/// <summary>
/// Runs a suite the way AutoAttack's run_standard_evaluation does: a clean pass, then each attack in turn on the
/// points still correct, in batches of <paramref name="batchSize"/> on the device of the images.
/// </summary>
public sealed class RobustnessEvaluator(int batchSize = 250)
{
    public int BatchSize { get; } = batchSize > 0 ? batchSize
        : throw new ArgumentOutOfRangeException(nameof(batchSize));

    /// <param name="images">NCHW float32 in [0, 1].</param>
    /// <param name="labels">Int64 class indices.</param>
    /// <param name="progress">Called after each attack.</param>
    public AdversarialEvaluation Evaluate(
        ImageClassifier classifier, AttackSuite suite, Tensor images, Tensor labels,
        Action<AttackStageResult>? progress = null)
    {
        using var scope = NewDisposeScope();
        var total = Stopwatch.StartNew();
        var count = (int)images.shape[0];
        var clean = images.detach();
        var stillCorrect = PredictInBatches(classifier, clean).eq(labels);
        var cleanAccuracy = Fraction(stillCorrect, count);
        var adversarial = clean.clone();

        var stages = new List<AttackStageResult>();
        foreach (var attack in suite.Attacks)
        {
            var stage = Stopwatch.StartNew();
            var indices = Subsets.IndicesOf(stillCorrect);
            var attacked = (int)indices.numel();
            for (var start = 0; start < attacked; start += BatchSize)
            {
                using var batchScope = NewDisposeScope();
                var batch = indices.narrow(0, start, Math.Min(BatchSize, attacked - start));
                var x = clean.index_select(0, batch);
                var y = labels.index_select(0, batch);
                var candidate = attack.Perturb(classifier, x, y);
                var fooled = classifier.Predict(candidate).ne(y);
                Subsets.WriteFooled(adversarial, stillCorrect, batch, candidate, fooled);
            }
            var result =
                new AttackStageResult(attack.Name, attacked, Fraction(stillCorrect, count), stage.Elapsed.TotalSeconds);
            stages.Add(result);
            progress?.Invoke(result);
        }

        var maxPerturbation = count == 0 ? 0 : Perturbations.Norm(adversarial - clean, suite.Norm).max().item<float>();
        var summary = new RobustnessResult(
            suite.Name, count, cleanAccuracy, Fraction(stillCorrect, count), stages, total.Elapsed.TotalSeconds,
            maxPerturbation);
        return new AdversarialEvaluation(summary, adversarial.MoveToOuterDisposeScope());
    }

    private Tensor PredictInBatches(ImageClassifier classifier, Tensor images)
    {
        var count = images.shape[0];
        var predictions = new List<Tensor>();
        for (long start = 0; start < count; start += BatchSize)
            predictions.Add(classifier.Predict(images.narrow(0, start, Math.Min(BatchSize, count - start))));
        return predictions.Count == 0 ? zeros(new long[] { 0 }, ScalarType.Int64, images.device) : cat(predictions, 0);
    }

    private static double Fraction(Tensor mask, int count) =>
        count == 0 ? 0 : mask.sum().item<long>() / (double)count;
}
