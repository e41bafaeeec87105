namespace RobustGrid.Corruptions.Tests.Fidelity;

/// <summary>
/// The statistics Fixtures/reference_random_stats.json holds for the reference, computed the same way over
/// corrupted vs clean uint8 images (all pixels and channels pooled).
/// </summary>
internal sealed record RandomStatistics(double MeanAbsDiff, double RmsDiff, double MeanDiff, double FractionChanged,
    double FractionExtremeNew)
{
    public static RandomStatistics Measure(byte[] corrupted, byte[] clean)
    {
        double sumAbs = 0, sumSq = 0, sum = 0;
        long changed = 0, extreme = 0;
        for (var i = 0; i < clean.Length; i++)
        {
            var d = corrupted[i] - clean[i];
            sumAbs += Math.Abs(d);
            sumSq += d * d;
            sum += d;
            if (d != 0)
            {
                changed++;
                if (corrupted[i] is 0 or 255) extreme++;
            }
        }
        double n = clean.Length;
        return new RandomStatistics(sumAbs / n, Math.Sqrt(sumSq / n), sum / n, changed / n, extreme / n);
    }

    public override string ToString() =>
        $"mean|Δ| {MeanAbsDiff:F3}, rms {RmsDiff:F3}, meanΔ {MeanDiff:F3}, changed {FractionChanged:P2}, " +
        $"new 0/255 {FractionExtremeNew:P3}";
}
