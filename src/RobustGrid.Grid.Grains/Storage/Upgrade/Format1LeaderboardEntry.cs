namespace RobustGrid.Grid.Grains.Storage.Upgrade;

/// <summary>
/// State format 1: the generated layout <see cref="LeaderboardEntry"/> had before it got a compact codec
/// (<see cref="Contracts.Serialization.LeaderboardEntryCodec"/>): the same positional members, so the generated codec
/// of this record reads what the old one wrote. Read only, by <see cref="FileStateUpgrade"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Format1LeaderboardEntry(
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
        new(TrialId, SweepId, Dataset, Suite, Model, Method, ConfigKey, Seed, Parameters, CheckpointPath, Metrics,
            RecordedAt);
}
