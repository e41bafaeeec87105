namespace RobustGrid.Grid.Contracts.Serialization;

/// <summary>
/// The generated layout <see cref="LeaderboardEntry"/> had before it got a compact codec: the same positional members,
/// so the generated codec of this record reads what the old one wrote. Read only (stored segments of older builds).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record StoredLeaderboardEntryV1(
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
    DateTimeOffset RecordedAt)
{
    public LeaderboardEntry ToEntry() =>
        new(TrialId, SweepId, Dataset, Suite, Model, Method, ConfigKey, Seed, Parameters, CheckpointPath, Metrics, RecordedAt);
}
