namespace RobustGrid.Grid.Grains.Options;

/// <summary>Per-silo grid settings (section "RobustGrid:Silo" in appsettings, or ROBUSTGRID__SILO__*
/// variables).</summary>
public sealed class GridSiloOptions
{
    public const string Section = "RobustGrid:Silo";

    /// <summary>Device of this silo's trainer slots: "cpu" or "cuda". Advertised in silo metadata.</summary>
    public string TrainerDevice { get; set; } = "cpu";

    /// <summary>Trainer slots on this silo; 0 makes a silo that schedules but never trains.</summary>
    public int TrainerSlots { get; set; } = 1;

    /// <summary>Dedicated evaluation threads on this silo.</summary>
    public int EvaluationWorkers { get; set; } = 1;

    /// <summary>How often a running sweep launches trials that could not start and flushes its state.</summary>
    public TimeSpan SweepTick { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a sweep checks that its running trials still have a live trainer.</summary>
    public TimeSpan TrialWatchdog { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// False for a silo that only answers queries (the CLI's leaderboard/status commands on the embedded store): it
    /// never launches, retries or resumes trials, so reading results cannot change them.
    /// </summary>
    public bool DriveSweeps { get; set; } = true;

    /// <summary>How often each silo pokes unfinished sweeps, so a sweep whose silo died is reactivated
    /// elsewhere.</summary>
    public TimeSpan SweepPoke { get; set; } = TimeSpan.FromSeconds(15);
}
