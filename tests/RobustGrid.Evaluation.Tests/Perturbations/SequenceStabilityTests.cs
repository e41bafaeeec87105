using RobustGrid.Evaluation.Perturbations;

namespace RobustGrid.Evaluation.Tests.Perturbations;

/// <summary>Flip probability and top-5 distance on hand-made score sequences whose values are counted by hand in each
/// test.</summary>
public sealed class SequenceStabilityTests
{
    private const int Classes = 10;

    [Fact]
    public void FlipProbabilityComparesConsecutiveFramesOrEachFrameWithTheFirst()
    {
        // Predicted classes 0, 1, 0, 2. Consecutive: 0→1, 1→0, 0→2 all flip: 3/3. Against the first frame (0): 1
        // differs, 0 does not, 2 does: 2/3.
        float[][] sequence = [Predicting(0), Predicting(1), Predicting(0), Predicting(2)];
        Assert.Equal(1.0, SequenceStability.FlipProbability([sequence], comparedToFirstFrame: false), 12);
        Assert.Equal(2.0 / 3, SequenceStability.FlipProbability([sequence], comparedToFirstFrame: true), 12);
    }

    [Fact]
    public void FlipProbabilityAveragesEachSequenceFirstThenOverSequences()
    {
        // 0, 0, 1, 1: one flip in three pairs (1/3); 3, 3: none in one pair (0). Mean over the two sequences: 1/6, not
        // the pooled 1/4.
        float[][] gradual = [Predicting(0), Predicting(0), Predicting(1), Predicting(1)];
        float[][] steady = [Predicting(3), Predicting(3)];
        Assert.Equal(1.0 / 6, SequenceStability.FlipProbability([gradual, steady], comparedToFirstFrame: false), 12);
    }

    [Fact]
    public void TopFiveDistanceCountsHowFarTheReferenceTopFiveMoved()
    {
        var ordered = Scores(Enumerable.Range(0, Classes).ToArray());
        // Classes 0 and 1 swap places: each is one rank away from where it was.
        Assert.Equal(2, SequenceStability.TopFiveDistance(ordered, Scores([1, 0, 2, 3, 4, 5, 6, 7, 8, 9])));
        // Class 0 falls to last (capped at rank 5: |0 − 5|) and classes 1-4 each move up one: 5 + 4.
        Assert.Equal(9, SequenceStability.TopFiveDistance(ordered, Scores([1, 2, 3, 4, 5, 6, 7, 8, 9, 0])));
        // Below the top five nothing counts.
        Assert.Equal(0, SequenceStability.TopFiveDistance(ordered, Scores([0, 1, 2, 3, 4, 9, 8, 7, 6, 5])));
        // Equal scores rank by class index, so a flat frame ranks as 0, 1, 2, …
        Assert.Equal(0, SequenceStability.TopFiveDistance(ordered, new float[Classes]));
    }

    [Fact]
    public void TopFiveDistanceOfASequenceAveragesItsComparedPairs()
    {
        var ordered = Scores(Enumerable.Range(0, Classes).ToArray());
        var swapped = Scores([1, 0, 2, 3, 4, 5, 6, 7, 8, 9]);
        // ordered, swapped, ordered: consecutive pairs 2 and 2 (mean 2); against the first, 2 and 0 (mean 1).
        float[][] sequence = [ordered, swapped, ordered];
        Assert.Equal(2.0, SequenceStability.TopFiveDistance([sequence], comparedToFirstFrame: false), 12);
        Assert.Equal(1.0, SequenceStability.TopFiveDistance([sequence], comparedToFirstFrame: true), 12);
    }

    /// <summary>Scores that predict <paramref name="top"/>; the other classes below it in index order.</summary>
    private static float[] Predicting(int top)
    {
        var order = new[] { top }.Concat(Enumerable.Range(0, Classes).Where(c => c != top)).ToArray();
        return Scores(order);
    }

    /// <summary>Scores that rank the classes in <paramref name="order"/>, best first.</summary>
    private static float[] Scores(int[] order)
    {
        var scores = new float[Classes];
        for (var rank = 0; rank < order.Length; rank++) scores[order[rank]] = Classes - rank;
        return scores;
    }
}
