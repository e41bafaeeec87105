using RobustGrid.Grid.Grains.Grains;

namespace RobustGrid.Grid.Grains.Statistics;

/// <summary>
/// Whether the best of several configurations is separated from the others, by the rule a leaderboard shows: rank by
/// the mean over seeds (ties by key, as the board breaks them), then compare each with the best paired by seed. A
/// configuration is separated from the best when the comparison marks it worse; anything else (a tie, too few shared
/// seeds) keeps it a contender.
/// </summary>
public static class TopSeparation
{
    /// <param name="Key">The board's configuration key, which breaks ties of the mean.</param>
    /// <param name="BySeed">The ranked metric per seed.</param>
    public sealed record Candidate(string Key, IReadOnlyDictionary<long, double> BySeed);

    /// <summary>
    /// The best candidate and every candidate not separated from it, as indexes into <paramref name="candidates"/>,
    /// best first. One index means the top is separated; none, that no candidate has a value yet.
    /// </summary>
    public static IReadOnlyList<int> Contenders(IReadOnlyList<Candidate> candidates, bool lowerIsBetter)
    {
        var ranked = candidates.Select((c, i) => (Index: i, c.Key, c.BySeed, Mean: Mean(c.BySeed)))
            .Where(c => c.BySeed.Count > 0).ToList();
        if (ranked.Count == 0) return [];
        ranked.Sort((a, b) => LeaderboardRanking.Compare(lowerIsBetter, a.Mean, a.Key, b.Mean, b.Key));
        var best = ranked[0];
        return [best.Index, .. ranked.Skip(1)
            .Where(c => PairedComparison.Compare(c.BySeed, best.BySeed, 1, "", lowerIsBetter).Verdict
                != ComparisonVerdict.Worse)
            .Select(c => c.Index)];
    }

    // Summed in seed order, as the board sums a row's mean, so the two orders agree to the last bit.
    private static double Mean(IReadOnlyDictionary<long, double> bySeed) =>
        bySeed.Count == 0 ? double.NaN : bySeed.OrderBy(s => s.Key).Average(s => s.Value);
}
