namespace RobustGrid.Grid.Contracts;

/// <summary>One ranked row: a single trial, or a configuration grouped across seeds (mean and sample std).</summary>
/// <param name="VersusBest">Grouped rows other than #1: this row against the board's best, paired by seed.</param>
/// <param name="VersusBaseline">Grouped rows when the query names a baseline method that is on the board: this row
/// against that method's best row.</param>
/// <param name="Protocol">The entries' <see cref="LeaderboardProtocols"/> value (one per row).</param>
/// <param name="ImportedSha256">The entries' <see cref="LeaderboardEntry.ImportedSha256"/> (one per row: the
/// checkpoint is part of the configuration).</param>
/// <remarks>Serialised by <see cref="Serialization.LeaderboardRowCodec"/>.</remarks>
[Immutable]
public sealed record LeaderboardRow(
    int Rank,
    string Model,
    string Method,
    string ConfigKey,
    Dictionary<string, string> Parameters,
    long[] Seeds,
    string[] TrialIds,
    double Mean,
    double Std,
    Dictionary<string, double> MetricMeans,
    string[] Checkpoints,
    SeedComparison? VersusBest = null,
    SeedComparison? VersusBaseline = null,
    string Protocol = LeaderboardProtocols.Blind,
    string? ImportedSha256 = null);
