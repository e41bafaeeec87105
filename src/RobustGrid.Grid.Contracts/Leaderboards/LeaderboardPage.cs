namespace RobustGrid.Grid.Contracts;

/// <param name="Metrics">Every metric column of the board's entries.</param>
/// <param name="MetricReason">Why the board is ranked by <paramref name="Metric"/>, as the CLI and the HTTP API
/// chose it; the board itself leaves it null.</param>
[GenerateSerializer, Immutable]
public sealed record LeaderboardPage(
    string Dataset,
    string Suite,
    string Metric,
    bool LowerIsBetter,
    int Entries,
    LeaderboardRow[] Rows,
    string[] Metrics,
    string? MetricReason = null);
