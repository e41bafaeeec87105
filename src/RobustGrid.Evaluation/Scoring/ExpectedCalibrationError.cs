namespace RobustGrid.Evaluation.Scoring;

/// <summary>
/// Expected calibration error (Guo et al. 2017) with 15 equal-width confidence bins, the one binning RobustGrid uses:
/// bin b (0 ≤ b &lt; 15) holds the confidences c with b/15 &lt; c ≤ (b+1)/15, i.e. bins are open below and closed
/// above, the edges being the doubles b/15.0; a confidence of exactly 0 goes into the first bin. A confidence on an
/// edge therefore belongs to the bin below it (0.2 = 3/15 is in bin 2, 1.0 in bin 14).
/// ECE = Σ_b (n_b / N) · |accuracy_b − mean confidence_b| over the non-empty bins.
/// </summary>
public static class ExpectedCalibrationError
{
    public const int Bins = 15;

    /// <param name="confidence">Per sample, the probability of the predicted class, in [0, 1].</param>
    /// <param name="correct">Per sample, whether the prediction was right.</param>
    /// <returns>NaN for no samples or when any confidence is NaN (a diverged model).</returns>
    public static double Of(ReadOnlySpan<double> confidence, ReadOnlySpan<bool> correct, int bins = Bins)
    {
        if (confidence.Length != correct.Length)
            throw new ArgumentException($"{confidence.Length} confidences for {correct.Length} correctness flags");
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "at least one bin");
        if (confidence.IsEmpty || HasNaN(confidence)) return double.NaN;
        var counts = new long[bins];
        var hits = new long[bins];
        var sums = new double[bins];
        for (var i = 0; i < confidence.Length; i++)
        {
            var b = BinOf(confidence[i], bins);
            counts[b]++;
            sums[b] += confidence[i];
            if (correct[i]) hits[b]++;
        }
        var ece = 0.0;
        for (var b = 0; b < bins; b++)
        {
            if (counts[b] == 0) continue;
            var accuracy = (double)hits[b] / counts[b];
            var meanConfidence = sums[b] / counts[b];
            ece += (double)counts[b] / confidence.Length * Math.Abs(accuracy - meanConfidence);
        }
        return ece;
    }

    /// <summary>The bin of a confidence in [0, 1] under the rule above.</summary>
    public static int BinOf(double confidence, int bins = Bins)
    {
        if (confidence is < 0 or > 1 || double.IsNaN(confidence))
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence,
                "confidence must be a probability in [0, 1]");
        // ceil(c·bins) − 1 is the bin up to rounding of the product; comparing with the edges themselves settles it.
        var b = Math.Clamp((int)Math.Ceiling(confidence * bins) - 1, 0, bins - 1);
        while (b > 0 && confidence <= (double)b / bins) b--;
        while (b < bins - 1 && confidence > (double)(b + 1) / bins) b++;
        return b;
    }

    private static bool HasNaN(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
            if (double.IsNaN(v)) return true;
        return false;
    }
}
