using RobustGrid.Grid.Contracts;

namespace RobustGrid.Grid.Grains.Statistics;

/// <summary>
/// Compares two leaderboard rows paired by seed. Pairing removes what a seed does to both runs alike (its data order,
/// its initial weights), so a paired t interval separates rows with far fewer seeds than comparing two means would.
/// A bootstrap over 2–5 seeds has too few resamples to give a 95 % interval, hence the t distribution.
/// </summary>
public static class PairedComparison
{
    public const double Confidence = 0.95;

    /// <summary>Compares <paramref name="row"/> with <paramref name="reference"/> on the seeds both have.</summary>
    /// <param name="row">Per-seed values of the ranked metric.</param>
    /// <param name="reference">The reference's per-seed values.</param>
    public static SeedComparison Compare(IReadOnlyDictionary<long, double> row,
        IReadOnlyDictionary<long, double> reference, int referenceRank, string referenceMethod, bool lowerIsBetter)
    {
        var differences = row.Where(s => reference.ContainsKey(s.Key)).OrderBy(s => s.Key)
            .Select(s => s.Value - reference[s.Key]).ToArray();
        var n = differences.Length;
        if (n < 2)
        {
            double? single = n == 1 ? differences[0] : null;
            return new SeedComparison(referenceRank, referenceMethod, n, single, null, null, null,
                ComparisonVerdict.TooFewSeeds);
        }
        var mean = differences.Average();
        var std = Math.Sqrt(differences.Sum(d => (d - mean) * (d - mean)) / (n - 1));
        var half = StudentT.Quantile(1 - (1 - Confidence) / 2, n - 1) * std / Math.Sqrt(n);
        var (low, high) = (mean - half, mean + half);
        var verdict = low <= 0 && high >= 0 ? ComparisonVerdict.NotDistinguishable
            : (high < 0) == lowerIsBetter ? ComparisonVerdict.Better
            : ComparisonVerdict.Worse;
        return new SeedComparison(referenceRank, referenceMethod, n, mean, low, high, std, verdict);
    }

    /// <summary>
    /// How many paired seeds would separate two rows whose true mean difference is <paramref name="difference"/>,
    /// given the spread of their per-seed differences, with the stated power at the board's confidence: the smallest
    /// n with t(1 − α/2, n − 1) + t(power, n − 1) ≤ |difference| · √n / std. Null when no n up to
    /// <paramref name="cap"/> is enough or the spread is unknown.
    /// </summary>
    public static int? SeedsNeeded(double? differenceStd, double difference, double power = 0.8, int cap = 1000)
    {
        if (differenceStd is not { } spread || !double.IsFinite(spread) || difference == 0
            || !double.IsFinite(difference))
            return null;
        if (spread == 0) return 2;
        for (var n = 2; n <= cap; n++)
        {
            var needed = StudentT.Quantile(1 - (1 - Confidence) / 2, n - 1) + StudentT.Quantile(power, n - 1);
            if (needed <= Math.Abs(difference) * Math.Sqrt(n) / spread) return n;
        }
        return null;
    }
}
