namespace RobustGrid.Evaluation.Perturbations;

/// <summary>
/// How steadily a classifier predicts along perturbation sequences (ImageNet-P / CIFAR-10-P,
/// <c>cifar-p-eval.py</c> of the benchmark's authors at difficulty 1), for one perturbation:
/// <list type="bullet">
/// <item><b>flip probability</b>: per sequence, the share of compared frame pairs whose top-1 classes differ, averaged
/// over sequences;</item>
/// <item><b>top-5 distance</b>: per compared pair, the classes ranked 1–5 in the reference frame are looked up in the
/// other frame; the class at reference rank j (0-based) adds |j − min(r − 1, 5)|, r its 1-based rank there. Averaged
/// over pairs, then over sequences.</item>
/// </list>
/// Noise sequences are independent draws around one image, so each frame is compared to the first; the other
/// perturbations change gradually, so each frame is compared to the one before it. Ties in scores rank by class
/// index, as scipy's <c>rankdata(method='ordinal')</c> does.
/// </summary>
public static class SequenceStability
{
    /// <summary>The classes whose order the top-5 distance compares.</summary>
    public const int TopClasses = 5;

    /// <param name="sequences">Per sequence, per frame, the classifier's scores for each class.</param>
    /// <param name="comparedToFirstFrame">True for noise perturbations.</param>
    public static double FlipProbability(IReadOnlyList<float[][]> sequences, bool comparedToFirstFrame) =>
        MeanOverSequences(sequences, comparedToFirstFrame,
            (reference, frame) => Argmax(reference) != Argmax(frame) ? 1 : 0);

    /// <inheritdoc cref="FlipProbability"/>
    public static double TopFiveDistance(IReadOnlyList<float[][]> sequences, bool comparedToFirstFrame) =>
        MeanOverSequences(sequences, comparedToFirstFrame, TopFiveDistance);

    /// <summary>The top-5 distance of one frame from its reference frame.</summary>
    public static double TopFiveDistance(float[] reference, float[] frame)
    {
        if (reference.Length != frame.Length)
            throw new ArgumentException($"{reference.Length} scores against {frame.Length}");
        if (reference.Length < TopClasses)
            throw new ArgumentException($"the top-5 distance needs at least {TopClasses} classes");
        var referenceOrder = RankOrder(reference);
        var rankInFrame = new int[frame.Length];
        var frameOrder = RankOrder(frame);
        for (var rank = 0; rank < frameOrder.Length; rank++) rankInFrame[frameOrder[rank]] = rank;
        var distance = 0;
        for (var j = 0; j < TopClasses; j++)
            distance += Math.Abs(j - Math.Min(rankInFrame[referenceOrder[j]], TopClasses));
        return distance;
    }

    private static double MeanOverSequences(IReadOnlyList<float[][]> sequences, bool comparedToFirstFrame,
        Func<float[], float[], double> pairDistance)
    {
        if (sequences.Count == 0) return double.NaN;
        var total = 0.0;
        foreach (var frames in sequences)
        {
            if (frames.Length < 2) throw new ArgumentException("a perturbation sequence needs at least two frames");
            var sum = 0.0;
            for (var t = 1; t < frames.Length; t++)
                sum += pairDistance(frames[comparedToFirstFrame ? 0 : t - 1], frames[t]);
            total += sum / (frames.Length - 1);
        }
        return total / sequences.Count;
    }

    private static int Argmax(float[] scores) => RankOrder(scores)[0];

    /// <summary>Classes from the highest score to the lowest; equal scores in class order.</summary>
    private static int[] RankOrder(float[] scores)
    {
        var order = Enumerable.Range(0, scores.Length).ToArray();
        Array.Sort(order, (a, b) => scores[a] != scores[b] ? scores[b].CompareTo(scores[a]) : a.CompareTo(b));
        return order;
    }
}
