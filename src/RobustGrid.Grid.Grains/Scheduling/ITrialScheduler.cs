using RobustGrid.Grid.Grains.Grains;

namespace RobustGrid.Grid.Grains.Scheduling;

/// <summary>
/// A sweep's early-termination policy, in the shape of Ray Tune's TrialScheduler: each result a trial reports at a
/// rung epoch gets a decision (continue or stop), and the policy's memory is a list of rung records that the sweep
/// stores with its history and hands back after a restart, so a restored policy decides as the lost one would have.
/// Make one with <see cref="TrialSchedulers.For"/>. Called on the sweep grain's turns only.
/// </summary>
public interface ITrialScheduler
{
    /// <summary>Trial <paramref name="index"/> reached rung epoch <paramref name="rung"/> with this value of the
    /// spec's early-termination metric.</summary>
    RungDecision Decide(int index, int rung, double value);

    /// <summary>What to store: the records this policy decides from, the same list on every call (appended to by
    /// <see cref="Decide"/>), so a sweep write serialises it without copying.</summary>
    List<RungRecord> Save();

    /// <summary>Takes over the records <see cref="Save"/> returned before a restart; call once, before any
    /// decision.</summary>
    void Restore(List<RungRecord> saved);
}
