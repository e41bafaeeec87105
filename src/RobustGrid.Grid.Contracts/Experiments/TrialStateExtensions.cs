namespace RobustGrid.Grid.Contracts;

public static class TrialStateExtensions
{
    public static bool IsTerminal(this TrialState state) => state >= TrialState.Completed;

    /// <summary>Lower-case, hyphenated name used by the CLI, the HTTP API and the spec grammar.</summary>
    public static string ToDisplay(this TrialState state) => state switch
    {
        TrialState.StoppedEarly => "stopped-early",
        _ => state.ToString().ToLowerInvariant(),
    };
}
