namespace RobustGrid.Grid.Contracts;

/// <summary>One evaluated checkpoint on a (dataset, suite) leaderboard; links back to sweep, trial, config and
/// seed.</summary>
/// <param name="Protocol">A <see cref="LeaderboardProtocols"/> value.</param>
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
    string Protocol = LeaderboardProtocols.Blind);
