namespace RobustGrid.Grid.Contracts;

/// <param name="Metric">Any metric column; see MetricNames.</param>
/// <param name="LowerIsBetter">Null: the metric's default goal.</param>
/// <param name="GroupSeeds">Group configurations across seeds and rank by the mean.</param>
[GenerateSerializer, Immutable]
public sealed record LeaderboardQuery(
    string Metric = MetricNames.CleanError,
    int Top = 10,
    string? Method = null,
    string? Model = null,
    string? SweepId = null,
    bool GroupSeeds = true,
    bool? LowerIsBetter = null);
