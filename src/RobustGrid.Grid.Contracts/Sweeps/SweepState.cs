namespace RobustGrid.Grid.Contracts;

[GenerateSerializer]
public enum SweepState
{
    Running = 0,
    Paused = 1,
    Completed = 2,
    Cancelled = 3,
    Failed = 4,
}
