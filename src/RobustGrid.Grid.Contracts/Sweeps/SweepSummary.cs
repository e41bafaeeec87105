namespace RobustGrid.Grid.Contracts;

/// <param name="DefinedTrials">Trials the spec defines (after run_cap): the sweep never launches more. A sweep that
/// adds seeds until its top is separated defines those it has planned so far.</param>
/// <param name="Message">Why the sweep was cancelled or failed, or why it stopped adding seeds.</param>
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
    DateTimeOffset UpdatedAt)
{
    /// <summary>Trials that ran out of retries.</summary>
    public int Failed => Counts.GetValueOrDefault(TrialState.Failed);

    /// <summary>
    /// The sweep's state as users read it, in the CLI and the HTTP API alike: a sweep that ran every trial but lost
    /// some says so ("completed with 2 failed"), since "completed" alone reads as every trial having a result.
    /// </summary>
    public string Outcome => State == SweepState.Completed && Failed > 0
        ? $"completed with {Failed} failed"
        : State.ToDisplay();
}
