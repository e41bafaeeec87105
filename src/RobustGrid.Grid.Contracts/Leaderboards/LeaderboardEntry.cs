namespace RobustGrid.Grid.Contracts;

/// <summary>One evaluated checkpoint on a (dataset, suite) leaderboard; links back to sweep, trial, config and
/// seed.</summary>
/// <param name="Protocol">A <see cref="LeaderboardProtocols"/> value.</param>
/// <param name="ImportedSha256">The SHA-256 of the weights file an imported checkpoint was made from; null for a
/// checkpoint the grid trained.</param>
/// <remarks>Serialised by <see cref="Serialization.LeaderboardEntryCodec"/>.</remarks>
[Immutable]
public sealed record LeaderboardEntry(
    string TrialId,
    string SweepId,
    string Dataset,
    string Suite,
    string Model,
    string Method,
    string ConfigKey,
    long Seed,
    Dictionary<string, string> Parameters,
    string CheckpointPath,
    Dictionary<string, double> Metrics,
    DateTimeOffset RecordedAt,
    string Protocol = LeaderboardProtocols.Blind,
    string? ImportedSha256 = null);
