using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Grains;
using RobustGrid.Grid.Grains.Specs;
using RobustGrid.Grid.Grains.Statistics;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// Seeds until separated: which configurations the board's comparison cannot tell from the best, what a sweep does
/// next with them, and which configuration and seed each trial index runs.
/// </summary>
public sealed class SeedRoundsTests
{
    private static LeaderboardEntry Entry(string method, long seed, double error) =>
        new($"s/{method}-{seed}", "s", "fashion-mnist", "clean", "small-cnn", method, $"cfg-{method}", seed, [], "",
            new() { [MetricNames.CleanError] = error }, DateTimeOffset.UnixEpoch.AddSeconds(seed));

    private static TopSeparation.Candidate Candidate(string key, params double[] bySeed) =>
        new(key, bySeed.Select((v, s) => (Seed: (long)s, v)).ToDictionary(x => x.Seed, x => x.v));

    /// <summary>
    /// ipmix beats erm by 0.05 on every seed; augmix is 0.01 behind ipmix on average with a sign that flips by seed.
    /// The contenders are exactly the rows the board does not mark worse than #1.
    /// </summary>
    [Fact]
    public void ContendersAreTheRowsTheBoardDoesNotSeparateFromTheBest()
    {
        (long Seed, double Ipmix, double Augmix)[] values = [(0, 0.20, 0.25), (1, 0.22, 0.19), (2, 0.21, 0.22)];
        var candidates = new[]
        {
            new TopSeparation.Candidate("cfg-erm", values.ToDictionary(v => v.Seed, v => v.Ipmix + 0.05)),
            new TopSeparation.Candidate("cfg-augmix", values.ToDictionary(v => v.Seed, v => v.Augmix)),
            new TopSeparation.Candidate("cfg-ipmix", values.ToDictionary(v => v.Seed, v => v.Ipmix)),
        };
        Assert.Equal([2, 1], TopSeparation.Contenders(candidates, lowerIsBetter: true));

        var entries = values.SelectMany(v => new[]
        {
            Entry("erm", v.Seed, v.Ipmix + 0.05), Entry("augmix", v.Seed, v.Augmix), Entry("ipmix", v.Seed, v.Ipmix),
        });
        var rows = LeaderboardRanking.Rank(entries, new LeaderboardQuery(Top: 10));
        var notSeparated = rows.Where(r => r.VersusBest is null || r.VersusBest.Verdict != ComparisonVerdict.Worse);
        Assert.Equal(["ipmix", "augmix"], notSeparated.Select(r => r.Method));
    }

    [Fact]
    public void OneSeedKeepsARowAContenderAndResultlessRowsAreLeftOut()
    {
        var candidates = new[]
        {
            Candidate("a", 0.10, 0.11), Candidate("b", 0.50), Candidate("c"), Candidate("d", 0.30, 0.31),
        };
        // b shares one seed with a (no interval), c has no result, d is 0.2 behind on both seeds.
        Assert.Equal([0, 1], TopSeparation.Contenders(candidates, lowerIsBetter: true));
        Assert.Empty(TopSeparation.Contenders([Candidate("c")], lowerIsBetter: true));
    }

    [Fact]
    public void HigherIsBetterSeparatesTheOtherWay()
    {
        var candidates = new[] { Candidate("a", 0.80, 0.81), Candidate("b", 0.90, 0.92) };
        Assert.Equal([1], TopSeparation.Contenders(candidates, lowerIsBetter: false));
        Assert.Equal([0], TopSeparation.Contenders(candidates, lowerIsBetter: true));
    }

    private static readonly List<Dictionary<string, string>> Methods =
    [
        new() { ["method"] = "erm", ["epochs"] = "1" },
        new() { ["method"] = "augmix", ["epochs"] = "1" },
        new() { ["method"] = "ipmix", ["epochs"] = "1" },
    ];

    private static SeedRounds.Decision Next(TopSeparation.Candidate[] results, int[] planned, int max) =>
        SeedRounds.Next(results, planned, new SeedBudget(2, max), lowerIsBetter: true,
            c => SeedRounds.Name(Methods, c));

    [Fact]
    public void TiedTopGetsOneMoreSeedEachWhileTheBudgetLasts()
    {
        // augmix − ipmix: +0.03, +0.01 (a tie at two seeds); erm is 0.05 behind ipmix on both.
        TopSeparation.Candidate[] results =
            [Candidate("e", 0.25, 0.26), Candidate("a", 0.23, 0.22), Candidate("i", 0.20, 0.21)];
        var next = Next(results, [2, 2, 2], max: 3);
        Assert.Equal([2, 1], next.MoreSeeds);
        Assert.Null(next.Reason);

        var spent = Next(results, [2, 3, 3], max: 3);
        Assert.Empty(spent.MoreSeeds);
        Assert.Equal("seed budget spent (seeds.max 3): method=augmix not distinguishable from method=ipmix",
            spent.Reason);
    }

    [Fact]
    public void SeparatedTopStopsTheSweep()
    {
        TopSeparation.Candidate[] results =
            [Candidate("e", 0.25, 0.26, 0.27), Candidate("a", 0.23, 0.24, 0.25), Candidate("i", 0.20, 0.21, 0.22)];
        var next = Next(results, [2, 3, 3], max: 8);
        Assert.Empty(next.MoreSeeds);
        Assert.StartsWith("top separated with 3 seeds: method=ipmix is distinguishable", next.Reason);
    }

    [Fact]
    public void ASingleConfigurationHasNothingToSeparate()
    {
        var next = Next([Candidate("i", 0.20, 0.21), Candidate("e"), Candidate("a")], [2, 2, 2], max: 8);
        Assert.Empty(next.MoreSeeds);
        Assert.Contains("nothing to separate", next.Reason);
    }

    [Fact]
    public void AddedTrialsRunTheNextSeedOfTheirConfiguration()
    {
        var (spec, _) = SweepSpecParser.Parse(
            "dataset: fashion-mnist\nparameters:\n  method: {values: [erm, augmix, ipmix]}\n" +
            "seeds: {min: 2, max: 4, until_separated: true}\n");
        var plan = new TrialPlan(spec!, [2, 0, 2]);
        Assert.Equal(9, plan.Planned);
        int[] configs = [0, 0, 1, 1, 2, 2, 2, 0, 2];
        long[] seeds = [0, 1, 0, 1, 0, 1, 2, 2, 3];
        Assert.Equal(configs, Enumerable.Range(0, 9).Select(plan.ConfigOf));
        Assert.Equal(seeds, Enumerable.Range(0, 9).Select(plan.SeedOf));
        Assert.Equal(configs.Zip(seeds), plan.Layout());
    }

    [Fact]
    public void FixedSeedsKeepTheirLayout()
    {
        var (spec, _) = SweepSpecParser.Parse(
            "dataset: fashion-mnist\nparameters:\n  method: {values: [erm, augmix]}\nseeds: [7, 3, 5]\n");
        var plan = new TrialPlan(spec!, []);
        Assert.Equal(6, plan.Planned);
        Assert.Equal([7L, 3, 5, 7, 3, 5], Enumerable.Range(0, 6).Select(plan.SeedOf));
        Assert.Equal([0, 0, 0, 1, 1, 1], Enumerable.Range(0, 6).Select(plan.ConfigOf));
    }
}
