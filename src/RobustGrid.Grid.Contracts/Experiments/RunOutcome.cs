namespace RobustGrid.Grid.Contracts;

[GenerateSerializer]
public enum RunOutcome
{
    Completed = 0,
    Diverged = 1,
    /// <summary>Cancelled by the user or the sweep.</summary>
    Cancelled = 2,
    /// <summary>Stopped by the early-termination scheduler (ASHA).</summary>
    StoppedEarly = 3,
    /// <summary>The executor threw; the trial may be retried from its checkpoint.</summary>
    Failed = 4,
    /// <summary>Stopped because its silo shut down: not the trial's fault, resumed from its checkpoint elsewhere or
    /// later.</summary>
    Interrupted = 5,
    /// <summary>A write found the disk full: not the trial's fault, resumed from its checkpoint once there is
    /// room.</summary>
    NoSpace = 6,
}
