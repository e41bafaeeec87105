using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Grains;
using RobustGrid.Grid.Grains.Statistics;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// The significance marks of a leaderboard: the t quantiles against printed tables, the paired interval and the seed
/// estimate against hand-computed cases, and a board of known values against the marks it must show.
/// </summary>
public sealed class LeaderboardSignificanceTests
{
    /// <summary>Two-sided 95 % and one-sided 80 % points of Student's t, as printed in statistics tables.</summary>
    [Theory]
    [InlineData(0.975, 1, 12.7062)]
    [InlineData(0.975, 2, 4.3027)]
    [InlineData(0.975, 5, 2.5706)]
    [InlineData(0.975, 10, 2.2281)]
    [InlineData(0.975, 30, 2.0423)]
    [InlineData(0.975, 1000, 1.9623)]
    [InlineData(0.8, 8, 0.8889)]
    [InlineData(0.8, 9, 0.8834)]
    [InlineData(0.025, 4, -2.7764)]
    public void TQuantilesMatchThePrintedTables(double probability, int degreesOfFreedom, double expected) =>
        Assert.Equal(expected, StudentT.Quantile(probability, degreesOfFreedom), 4);

    [Fact]
    public void TDistributionIsSymmetricAndCentred()
    {
        Assert.Equal(0.5, StudentT.Cdf(0, 3), 12);
        Assert.Equal(0.25, StudentT.Cdf(-StudentT.Quantile(0.75, 3), 3), 10);
    }

    /// <summary>
    /// Differences 0.02, 0.03, 0.01 over three seeds: mean 0.02, sample std 0.01, half-width
    /// t(0.975, 2) · 0.01 / √3 = 4.3027 · 0.0057735 = 0.024842, so the interval straddles zero.
    /// </summary>
    [Fact]
    public void PairedIntervalOfThreeSeedsMatchesTheHandComputation()
    {
        var row = new Dictionary<long, double> { [0] = 0.30, [1] = 0.32, [2] = 0.31 };
        var best = new Dictionary<long, double> { [0] = 0.28, [1] = 0.29, [2] = 0.30 };
        var c = PairedComparison.Compare(row, best, 1, "ipmix", lowerIsBetter: true);
        Assert.Equal(3, c.SharedSeeds);
        Assert.Equal(0.02, c.MeanDifference!.Value, 12);
        Assert.Equal(0.01, c.DifferenceStd!.Value, 12);
        Assert.Equal(0.02 - 0.024842, c.Low!.Value, 5);
        Assert.Equal(0.02 + 0.024842, c.High!.Value, 5);
        Assert.Equal(ComparisonVerdict.NotDistinguishable, c.Verdict);
    }

    /// <summary>
    /// The same mean difference with a smaller spread (0.019, 0.021, 0.020: std 0.001, half-width 0.0024842) lies
    /// wholly above zero: worse when lower is better, better when higher is.
    /// </summary>
    [Fact]
    public void ConsistentDifferencesSeparateInTheDirectionOfTheMetric()
    {
        var row = new Dictionary<long, double> { [0] = 0.299, [1] = 0.311, [2] = 0.320 };
        var best = new Dictionary<long, double> { [0] = 0.280, [1] = 0.290, [2] = 0.300 };
        var lower = PairedComparison.Compare(row, best, 1, "ipmix", lowerIsBetter: true);
        Assert.Equal(0.02 - 0.0024842, lower.Low!.Value, 6);
        Assert.Equal(ComparisonVerdict.Worse, lower.Verdict);
        Assert.Equal(ComparisonVerdict.Better,
            PairedComparison.Compare(row, best, 1, "ipmix", lowerIsBetter: false).Verdict);
    }

    [Fact]
    public void OnlySharedSeedsArePairedAndOneIsTooFew()
    {
        var row = new Dictionary<long, double> { [0] = 0.5, [7] = 0.1 };
        var best = new Dictionary<long, double> { [0] = 0.2, [1] = 0.3 };
        var c = PairedComparison.Compare(row, best, 1, "erm", lowerIsBetter: true);
        Assert.Equal((1, ComparisonVerdict.TooFewSeeds, (double?)null), (c.SharedSeeds, c.Verdict, c.Low));
        Assert.Equal(0.3, c.MeanDifference!.Value, 12);
        var none = PairedComparison.Compare(new Dictionary<long, double> { [5] = 1 }, best, 1, "erm", true);
        Assert.Equal((0, (double?)null), (none.SharedSeeds, none.MeanDifference));
    }

    /// <summary>
    /// Std 0.01 of the paired differences, true difference 0.01: n = 9 gives 2.3060 + 0.8889 = 3.195 &gt; √9 = 3;
    /// n = 10 gives 2.2622 + 0.8834 = 3.146 ≤ √10 = 3.162. Twice the spread needs about four times the seeds.
    /// </summary>
    [Fact]
    public void SeedsNeededMatchTheHandComputation()
    {
        Assert.Equal(10, PairedComparison.SeedsNeeded(0.01, 0.01));
        Assert.InRange(PairedComparison.SeedsNeeded(0.02, 0.01)!.Value, 33, 36);
        Assert.Null(PairedComparison.SeedsNeeded(null, 0.01));
        Assert.Null(PairedComparison.SeedsNeeded(1, 1e-6));
    }

    private static LeaderboardEntry Entry(string method, long seed, double error) =>
        new($"s/{method}-{seed}", "s", "fashion-mnist", "clean", "small-cnn", method, $"cfg-{method}", seed, [], "",
            new() { [MetricNames.CleanError] = error }, DateTimeOffset.UnixEpoch.AddSeconds(seed));

    /// <summary>
    /// ipmix beats erm by 0.05 on every seed (separated); augmix is 0.01 behind ipmix on average but the sign flips
    /// with the seed (a tie); a method run on one seed only cannot be compared.
    /// </summary>
    [Fact]
    public void BoardMarksSeparatedRowsTiesAndSingleSeeds()
    {
        IEnumerable<LeaderboardEntry> Entries()
        {
            foreach (var (seed, ipmix, augmix) in new[] { (0L, 0.20, 0.25), (1L, 0.22, 0.19), (2L, 0.21, 0.22) })
            {
                yield return Entry("ipmix", seed, ipmix);
                yield return Entry("augmix", seed, augmix);
                yield return Entry("erm", seed, ipmix + 0.05);
            }
            yield return Entry("advbn", 9, 0.50);
        }

        var rows = LeaderboardRanking.Rank(Entries(), new LeaderboardQuery(Top: 10, Baseline: "erm"));
        Assert.Equal(["ipmix", "augmix", "erm", "advbn"], rows.Select(r => r.Method));
        Assert.Null(rows[0].VersusBest);
        Assert.Equal(ComparisonVerdict.NotDistinguishable, rows[1].VersusBest!.Verdict);
        Assert.Equal(0.01, rows[1].VersusBest!.MeanDifference!.Value, 12);
        Assert.Equal((ComparisonVerdict.Worse, 3), (rows[2].VersusBest!.Verdict, rows[2].VersusBest!.SharedSeeds));
        Assert.Equal((ComparisonVerdict.TooFewSeeds, 0),
            (rows[3].VersusBest!.Verdict, rows[3].VersusBest!.SharedSeeds));

        Assert.Equal((ComparisonVerdict.Better, "erm", 3), (rows[0].VersusBaseline!.Verdict,
            rows[0].VersusBaseline!.ReferenceMethod, rows[0].VersusBaseline!.ReferenceRank));
        Assert.Equal(-0.05, rows[0].VersusBaseline!.MeanDifference!.Value, 12);
        Assert.Null(rows[2].VersusBaseline);

        var ungrouped = LeaderboardRanking.Rank(Entries(), new LeaderboardQuery(GroupSeeds: false, Baseline: "erm"));
        Assert.All(ungrouped, r => Assert.Null(r.VersusBest ?? r.VersusBaseline));
        var noBaseline = LeaderboardRanking.Rank(Entries(), new LeaderboardQuery(Baseline: "natra"));
        Assert.All(noBaseline, r => Assert.Null(r.VersusBaseline));
    }

    private static LeaderboardEntry Accuracy(string method, long seed, double accuracy) =>
        new($"s/{method}-{seed}", "s", "fashion-mnist", "clean", "small-cnn", method, $"cfg-{method}", seed, [], "",
            new() { [MetricNames.CleanAccuracy] = accuracy }, DateTimeOffset.UnixEpoch.AddSeconds(seed));

    /// <summary>
    /// Ranked by accuracy (higher is better): augmix is ahead of erm by 0.02, 0.03, 0.01 over three seeds (interval
    /// [−0.0048, +0.0448], a tie); ipmix by 0.05 on every seed (better than erm, and #1 separated from erm).
    /// </summary>
    [Fact]
    public void HigherIsBetterBoardMarksInTheMetricsDirection()
    {
        IEnumerable<LeaderboardEntry> Entries()
        {
            foreach (var (seed, erm, augmix) in new[] { (0L, 0.70, 0.72), (1L, 0.71, 0.74), (2L, 0.72, 0.73) })
            {
                yield return Accuracy("erm", seed, erm);
                yield return Accuracy("augmix", seed, augmix);
                yield return Accuracy("ipmix", seed, erm + 0.05);
            }
        }

        var rows = LeaderboardRanking.Rank(Entries(),
            new LeaderboardQuery(MetricNames.CleanAccuracy, Top: 10, Baseline: "erm"));
        Assert.Equal(["ipmix", "augmix", "erm"], rows.Select(r => r.Method));
        Assert.Equal(ComparisonVerdict.Better, rows[0].VersusBaseline!.Verdict);
        Assert.Equal(ComparisonVerdict.NotDistinguishable, rows[1].VersusBaseline!.Verdict);
        Assert.Equal(0.0200 - 0.024842, rows[1].VersusBaseline!.Low!.Value, 5);
        Assert.Equal(ComparisonVerdict.Worse, rows[2].VersusBest!.Verdict);
    }

    /// <summary>One seed per configuration: every comparison has one shared seed and makes no claim.</summary>
    [Fact]
    public void OneSeedPerEntryMakesNoClaim()
    {
        var rows = LeaderboardRanking.Rank([Entry("ipmix", 0, 0.20), Entry("erm", 0, 0.30), Entry("augmix", 0, 0.25)],
            new LeaderboardQuery(Top: 10, Baseline: "erm"));
        Assert.Equal(["ipmix", "augmix", "erm"], rows.Select(r => r.Method));
        Assert.All(rows.Skip(1), r => Assert.Equal((ComparisonVerdict.TooFewSeeds, 1, (double?)null),
            (r.VersusBest!.Verdict, r.VersusBest.SharedSeeds, r.VersusBest.Low)));
        Assert.Equal(-0.10, rows[0].VersusBaseline!.MeanDifference!.Value, 12);
        Assert.Equal(ComparisonVerdict.TooFewSeeds, rows[0].VersusBaseline!.Verdict);
    }
}
