using RobustGrid.Evaluation.Scoring;
using static TorchSharp.torch;

namespace RobustGrid.Evaluation.Tests;

public sealed class ScorerTests
{
    /// <summary>
    /// Logits [n, 4]: s_i on class i mod 4, 0 elsewhere, with s_i = 0.5 + ((37 i) mod 230) / 100 distinct for i &lt;
    /// 230, so no two samples tie in confidence; the label is the argmax except for every third sample.
    /// </summary>
    private static (float[,] Logits, long[] Labels) Batch(int n)
    {
        var logits = new float[n, 4];
        var labels = new long[n];
        for (var i = 0; i < n; i++)
        {
            logits[i, i % 4] = 0.5f + (i * 37 % 230) / 100f;
            labels[i] = i % 3 == 0 ? (i + 1) % 4 : i % 4;
        }
        return (logits, labels);
    }

    [Fact]
    public void AccuracyNllAndCalibrationFollowFromTheLogits()
    {
        const int n = 230;
        var (logits, labels) = Batch(n);
        var scorer = new Scorer();
        using (var x = tensor(logits))
        using (var y = tensor(labels))
            scorer.Add(x, y);
        var scores = scorer.Result();

        // The same quantities on the host, from the definitions: softmax of the row, top-1 by the largest logit.
        var confidence = new double[n];
        var correct = new bool[n];
        var nll = 0.0;
        for (var i = 0; i < n; i++)
        {
            var row = Enumerable.Range(0, 4).Select(k => (double)logits[i, k]).ToArray();
            var z = row.Sum(Math.Exp);
            var top = Array.IndexOf(row, row.Max());
            confidence[i] = Math.Exp(row[top]) / z;
            correct[i] = top == labels[i];
            nll -= Math.Log(Math.Exp(row[labels[i]]) / z);
        }
        Assert.Equal(n, scores.Count);
        Assert.Equal(correct.Count(c => c) / (double)n, scores.Accuracy, 15);
        Assert.Equal(correct.Count(c => !c) / (double)n, scores.Error, 15);
        Assert.InRange(scores.Accuracy, 0.6, 0.7);
        Assert.Equal(nll / n, scores.Nll, 5);
        Assert.Equal(ExpectedCalibrationError.Of(confidence, correct), scores.Ece, 5);
        Assert.Equal(RmsCalibrationError.Of(confidence, correct), scores.RmsCalibrationError, 5);
        Assert.True(scores.Ece > 0.01 && scores.RmsCalibrationError > 0.01,
            $"ECE {scores.Ece}, RMS {scores.RmsCalibrationError}");
    }

    [Fact]
    public void ScoresDoNotDependOnHowTheSamplesAreBatched()
    {
        const int n = 230;
        var (logits, labels) = Batch(n);
        using var x = tensor(logits);
        using var y = tensor(labels);
        var whole = new Scorer();
        whole.Add(x, y);
        var pieces = new Scorer();
        foreach (var (start, count) in new[] { (0, 7), (7, 100), (107, 123) })
            pieces.Add(x.narrow(0, start, count), y.narrow(0, start, count));
        Assert.Equal(whole.Result(), pieces.Result());
        // Byte labels (as suites store them) score the same as int64 ones.
        var bytes = new Scorer();
        using (var y8 = y.to_type(ScalarType.Byte)) bytes.Add(x, y8);
        Assert.Equal(whole.Result(), bytes.Result());
    }

    [Fact]
    public void MismatchedShapesAreRefusedAndNoSamplesScoreNan()
    {
        using var logits = zeros(3, 4);
        using var labels = zeros(2, ScalarType.Int64);
        Assert.Throws<ArgumentException>(() => new Scorer().Add(logits, labels));
        var empty = new Scorer().Result();
        Assert.Equal(0, empty.Count);
        Assert.True(double.IsNaN(empty.Accuracy) && double.IsNaN(empty.Ece) && double.IsNaN(empty.Nll));
    }
}
