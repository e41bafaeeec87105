namespace RobustGrid.Grid.Contracts;

[GenerateSerializer, Immutable]
public sealed record LeaderboardPage(
    string Dataset,
    string Suite,
    string Metric,
    bool LowerIsBetter,
    int Entries,
    LeaderboardRow[] Rows,
    string[] Metrics);
