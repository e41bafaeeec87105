using RobustGrid.Adversarial.Apgd;
using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Tests.Apgd;

public sealed class ApgdStepSizeScheduleTests
{
    private const int Iterations = 100;
    private const int FirstCheckpoint = 21;

    /// <summary>Feeds the per-iteration losses of each image (rows: images) and returns the halving masks by
    /// iteration.</summary>
    private static Dictionary<int, bool[]> Run(double[][] losses, double initialBest)
    {
        var images = losses.Length;
        using var schedule = new ApgdStepSizeSchedule(Iterations, 0.75,
            full(new long[] { images }, initialBest, dtype: ScalarType.Float32));
        var best = Enumerable.Repeat(initialBest, images).ToArray();
        var halvings = new Dictionary<int, bool[]>();
        for (var i = 0; i < losses[0].Length; i++)
        {
            for (var image = 0; image < images; image++) best[image] = Math.Max(best[image], losses[image][i]);
            using var loss = tensor(losses.Select(l => (float)l[i]).ToArray());
            using var bestLoss = tensor(best.Select(b => (float)b).ToArray());
            using var halve = schedule.Record(i, loss, bestLoss);
            if (halve is not null) halvings[i] = halve.data<bool>().ToArray();
        }
        return halvings;
    }

    [Fact]
    public void DecisionsComeOnlyAtTheCheckpoints()
    {
        var losses = new[] { Enumerable.Range(0, Iterations).Select(i => (double)i).ToArray() };
        Assert.Equal(ApgdCheckpoints.Iterations(Iterations), Run(losses, 0).Keys.Order());
    }

    [Fact]
    public void ALossRisingAtEveryStepKeepsItsStepSize()
    {
        var rising = Enumerable.Range(0, Iterations).Select(i => 1.0 + i).ToArray();
        var halvings = Run([rising], 0);
        Assert.All(halvings.Values, h => Assert.False(h[0]));
    }

    [Fact]
    public void ALossRisingInAtMostRhoOfTheWindowHalvesAtTheCheckpoint()
    {
        // Falls at every third step: in the first window of 22 comparisons it rises 15 times (<= 0.75 * 22 = 16.5).
        // (The first comparison is against the zero-initialised last row, as in the reference.)
        var zigzag = Enumerable.Range(0, Iterations).Select(i => i % 3 == 2 ? 0.0 : 1.0 + i).ToArray();
        var rising = Enumerable.Range(0, Iterations).Select(i => 1.0 + i).ToArray();
        var halvings = Run([zigzag, rising], 0);
        Assert.Equal([true, false], halvings[FirstCheckpoint]);
    }

    [Fact]
    public void NoImprovementSinceACheckpointWithoutHalvingHalvesAtTheNext()
    {
        // Image 0 rises to 30 by the first checkpoint, then restarts low and rises on every step of the second
        // window (no oscillation) but stays below 30, so its best loss did not improve. Image 1 keeps improving.
        var secondCheckpoint = ApgdCheckpoints.Iterations(Iterations)[1];
        var stalls = Enumerable.Range(0, Iterations)
            .Select(i => i <= FirstCheckpoint ? 9.0 + i : (i - FirstCheckpoint) * 0.1).ToArray();
        var improves = Enumerable.Range(0, Iterations).Select(i => 1.0 + i).ToArray();
        var halvings = Run([stalls, improves], 0);
        Assert.Equal([false, false], halvings[FirstCheckpoint]);
        Assert.Equal([true, false], halvings[secondCheckpoint]);
    }
}
