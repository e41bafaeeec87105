namespace RobustGrid.Grid.Contracts;

public static class SweepStateExtensions
{
    public static bool IsFinished(this SweepState state) => state >= SweepState.Completed;

    public static string ToDisplay(this SweepState state) => state.ToString().ToLowerInvariant();
}
