namespace RobustGrid.Grid.Hosting.Timing;

/// <summary>What a stretch of a silo's worker-thread time was spent on.</summary>
public enum WorkKind
{
    /// <summary>A whole trial run on a slot: dataset load, model, checkpoints and its epochs.</summary>
    TrialRun,

    /// <summary>One training epoch of a trial (the trainer's compute).</summary>
    Epoch,

    /// <summary>One evaluation: corrupted-set generation and scoring.</summary>
    Evaluation,
}

public readonly record struct WorkInterval(WorkKind Kind, DateTimeOffset Start, DateTimeOffset End);

/// <summary>
/// The intervals a silo's slot and evaluation threads worked, on the grid clock, so that a command can say where a
/// sweep's wall time went. A few intervals per trial: cheap enough to keep on every embedded grid.
/// </summary>
public sealed class WorkTimeline
{
    private readonly List<WorkInterval> _intervals = [];
    private readonly Lock _lock = new();

    public void Add(WorkKind kind, DateTimeOffset start, DateTimeOffset end)
    {
        lock (_lock) _intervals.Add(new WorkInterval(kind, start, end));
    }

    public WorkInterval[] Snapshot()
    {
        lock (_lock) return [.. _intervals];
    }
}
