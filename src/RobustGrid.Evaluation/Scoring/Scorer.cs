using RobustGrid.Corruptions.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Evaluation.Scoring;

/// <summary>
/// The one place where logits and labels become metrics. Batches of logits [B, classes] and labels [B] are added on
/// whatever device they live on: softmax and log-softmax run there (in float32), and only the per-sample confidence
/// (probability of the predicted class), correctness (logits' argmax equals the label) and negative log-likelihood
/// of the label come to the host, where <see cref="Result"/> turns them into <see cref="ClassifierScores"/>. The
/// scores depend only on the per-sample values and their order, not on how the samples were batched. Synchronous:
/// each batch is read back before <see cref="Add"/> returns.
/// </summary>
public sealed class Scorer
{
    private readonly List<double> _confidence = [];
    private readonly List<bool> _correct = [];
    private double _nllSum;

    public long Count => _confidence.Count;

    public void Add(Tensor logits, Tensor labels)
    {
        if (logits.dim() != 2 || labels.dim() != 1 || labels.shape[0] != logits.shape[0])
            throw new ArgumentException(
                $"logits [{string.Join(", ", logits.shape)}] and labels [{string.Join(", ", labels.shape)}] are not " +
                $"[B, classes] and [B]");
        float[] confidence, nll;
        bool[] correct;
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            var scores = logits.detach().to_type(ScalarType.Float32);
            var target = labels.to(scores.device).to_type(ScalarType.Int64).view(-1, 1);
            var predicted = scores.argmax(1, keepdim: true);
            confidence = nn.functional.softmax(scores, 1).gather(1, predicted).view(-1).cpu().data<float>().ToArray();
            nll = nn.functional.log_softmax(scores, 1).gather(1, target).neg().view(-1).cpu().data<float>().ToArray();
            correct = predicted.eq(target).view(-1).cpu().data<bool>().ToArray();
        }
        for (var i = 0; i < confidence.Length; i++)
        {
            _confidence.Add(confidence[i]);
            _correct.Add(correct[i]);
            _nllSum += nll[i];
        }
    }

    public ClassifierScores Result()
    {
        var n = _confidence.Count;
        if (n == 0) return new ClassifierScores(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        var hits = _correct.Count(c => c);
        var confidence = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_confidence);
        var correct = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_correct);
        return new ClassifierScores(n, (double)hits / n, (double)(n - hits) / n, _nllSum / n,
            ExpectedCalibrationError.Of(confidence, correct), RmsCalibrationError.Of(confidence, correct));
    }
}
