namespace RobustGrid.Grid.Contracts;

/// <summary>The configurations no other configuration beats on every one of <paramref name="Metrics"/>.</summary>
/// <param name="Metrics">Two or more metric columns.</param>
/// <param name="LowerIsBetter">One goal per metric; null: each metric's default goal.</param>
/// <param name="Protocol">Only entries of this <see cref="LeaderboardProtocols"/> value; null: all.</param>
[GenerateSerializer, Immutable]
public sealed record ParetoQuery(
    string[] Metrics,
    bool[]? LowerIsBetter = null,
    string? Method = null,
    string? Model = null,
    string? SweepId = null,
    string? Protocol = null)
{
    public bool LowerIsBetterAt(int metric) =>
        LowerIsBetter?[metric] ?? MetricNames.LowerIsBetter(Metrics[metric]);
}
