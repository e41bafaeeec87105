namespace RobustGrid.Grid.Contracts;

/// <summary>What a paired comparison over shared seeds can say about two leaderboard rows.</summary>
public enum ComparisonVerdict
{
    /// <summary>Fewer than two shared seeds: no interval, so no claim either way.</summary>
    TooFewSeeds,

    /// <summary>The 95 % interval of the mean difference contains zero.</summary>
    NotDistinguishable,

    /// <summary>The interval lies wholly on the better side of zero.</summary>
    Better,

    /// <summary>The interval lies wholly on the worse side of zero.</summary>
    Worse,
}

/// <summary>
/// A row against a reference row (the board's best, or a named baseline), paired by seed: the mean of
/// (row − reference) over the seeds both have, with its 95 % paired-t interval.
/// </summary>
/// <param name="ReferenceRank">The reference's rank on the same page.</param>
/// <param name="ReferenceMethod">The reference's method.</param>
/// <param name="SharedSeeds">Seeds both rows have; the interval has SharedSeeds − 1 degrees of freedom.</param>
/// <param name="MeanDifference">Mean of row − reference on the ranked metric (null without shared seeds).</param>
/// <param name="Low">Lower end of the 95 % interval (null with fewer than two shared seeds).</param>
/// <param name="High">Upper end of the 95 % interval.</param>
/// <param name="DifferenceStd">Sample standard deviation of the per-seed differences (null below two seeds).</param>
/// <remarks>Serialised inside <see cref="Serialization.LeaderboardRowCodec"/>.</remarks>
[Immutable]
public sealed record SeedComparison(
    int ReferenceRank,
    string ReferenceMethod,
    int SharedSeeds,
    double? MeanDifference,
    double? Low,
    double? High,
    double? DifferenceStd,
    ComparisonVerdict Verdict);
