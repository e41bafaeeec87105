namespace RobustGrid.Grid.Contracts;

/// <param name="Metric">Any metric column; see MetricNames.</param>
/// <param name="LowerIsBetter">Null: the metric's default goal.</param>
/// <param name="GroupSeeds">Group configurations across seeds and rank by the mean.</param>
/// <param name="Baseline">A method whose best row every grouped row is also compared with (e.g. erm).</param>
/// <param name="Protocol">Only entries of this <see cref="LeaderboardProtocols"/> value; null: all.</param>
[GenerateSerializer, Immutable]
public sealed record LeaderboardQuery(
    string Metric = MetricNames.CleanError,
    int Top = 10,
    string? Method = null,
    string? Model = null,
    string? SweepId = null,
    bool GroupSeeds = true,
    bool? LowerIsBetter = null,
    string? Baseline = null,
    string? Protocol = null);
