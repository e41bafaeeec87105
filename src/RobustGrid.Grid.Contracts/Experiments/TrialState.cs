namespace RobustGrid.Grid.Contracts;

/// <summary>Where one trial (experiment) is in its life. The last five are terminal.</summary>
[GenerateSerializer]
public enum TrialState
{
    Pending = 0,
    Training = 1,
    Evaluating = 2,
    Completed = 3,
    StoppedEarly = 4,
    Diverged = 5,
    Failed = 6,
    Cancelled = 7,
}
