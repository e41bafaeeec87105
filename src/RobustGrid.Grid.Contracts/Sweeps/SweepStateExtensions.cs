namespace RobustGrid.Grid.Contracts;

public static class SweepStateExtensions
{
    public static bool IsFinished(this SweepState state) => state >= SweepState.Completed;

    public static string ToDisplay(this SweepState state) => state.ToString().ToLowerInvariant();

    /// <summary>
    /// The sweep's state as users read it: a sweep that ran every trial but lost some says so ("completed with 2
    /// failed"), since "completed" alone reads as every trial having a result.
    /// </summary>
    public static string ToDisplay(this SweepSummary summary) =>
        summary.State == SweepState.Completed
        && summary.Counts.GetValueOrDefault(TrialState.Failed) is > 0 and var failed
            ? $"completed with {failed} failed"
            : summary.State.ToDisplay();
}
