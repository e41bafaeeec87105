namespace RobustGrid.Grid.Contracts;

/// <param name="DefinedTrials">Trials the spec defines (after run_cap): the sweep never launches more.</param>
/// <param name="Counts">Trials per state; "pending" includes trials not launched yet.</param>
[GenerateSerializer, Immutable]
public sealed record SweepSummary(
    string SweepId,
    string Name,
    SweepState State,
    string Dataset,
    string Suite,
    string Method,
    string Metric,
    int DefinedTrials,
    int Launched,
    int ParallelTrials,
    Dictionary<TrialState, int> Counts,
    string? BestTrialId,
    double? BestValue,
    string? Message,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
