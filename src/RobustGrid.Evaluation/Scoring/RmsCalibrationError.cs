namespace RobustGrid.Evaluation.Scoring;

/// <summary>
/// The RMS calibration error that AugMix, PixMix and IPMix report: <c>calib_err(confidence, correct, p='2',
/// beta=100)</c> of their <c>calibration_tools.py</c>, reproduced as it is written there:
/// <list type="number">
/// <item>sort the samples by confidence, ascending;</item>
/// <item>cut them into ⌊N/β⌋ consecutive bins of β samples; the last bin also takes the N mod β left over;</item>
/// <item>error = sqrt(Σ_b (n_b/N)·(mean confidence_b − accuracy_b)²), where the reference's loop
/// (<c>for i in range(len(bins) - 1)</c>) leaves the last bin out of the sum while N still counts every sample.</item>
/// </list>
/// So with β ≤ N &lt; 2β no bin is summed and the error is 0, as the reference reports it; below β the reference
/// fails (it indexes an empty bin list) and this returns NaN. Ties in confidence keep their input order (a stable
/// sort); numpy's default argsort promises no order for ties, which matters only when tied confidences straddle a bin
/// boundary with different correctness. Means are taken in double precision.
/// </summary>
public static class RmsCalibrationError
{
    public const int BinSize = 100;

    /// <param name="confidence">Per sample, the probability of the predicted class, in [0, 1].</param>
    /// <param name="correct">Per sample, whether the prediction was right.</param>
    /// <param name="binSize">β, the target number of samples per bin.</param>
    /// <returns>NaN for fewer than <paramref name="binSize"/> samples or when any confidence is NaN.</returns>
    public static double Of(ReadOnlySpan<double> confidence, ReadOnlySpan<bool> correct, int binSize = BinSize)
    {
        if (confidence.Length != correct.Length)
            throw new ArgumentException($"{confidence.Length} confidences for {correct.Length} correctness flags");
        if (binSize < 1) throw new ArgumentOutOfRangeException(nameof(binSize), binSize, "at least one sample per bin");
        var n = confidence.Length;
        if (n < binSize) return double.NaN;
        var values = confidence.ToArray();
        if (values.Any(double.IsNaN)) return double.NaN;
        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(order, (i, j) => values[i] != values[j] ? values[i].CompareTo(values[j]) : i.CompareTo(j));

        var bins = n / binSize;
        var sum = 0.0;
        // The last bin (index bins - 1, with the remainder) is not summed: see the summary.
        for (var b = 0; b < bins - 1; b++)
        {
            var (start, end) = (b * binSize, (b + 1) * binSize);
            double confidenceSum = 0, correctSum = 0;
            for (var k = start; k < end; k++)
            {
                confidenceSum += values[order[k]];
                if (correct[order[k]]) correctSum += 1;
            }
            var inBin = end - start;
            var difference = Math.Abs(confidenceSum / inBin - correctSum / inBin);
            sum += (double)inBin / n * (difference * difference);
        }
        return Math.Sqrt(sum);
    }
}
