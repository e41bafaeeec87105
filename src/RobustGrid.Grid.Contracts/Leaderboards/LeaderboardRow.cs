namespace RobustGrid.Grid.Contracts;

/// <summary>One ranked row: a single trial, or a configuration grouped across seeds (mean and sample std).</summary>
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
    string[] Checkpoints);
