namespace RobustGrid.Grid.Grains.Execution;

/// <summary>Progress sink handed to an executor; called on the worker thread after every epoch.</summary>
public interface ITrialProgress
{
    /// <summary>Reports an epoch; Stop means the early-termination scheduler wants the trial stopped (the token is
    /// cancelled too, so an executor that only watches the token stops as well).</summary>
    RungDecision OnEpoch(EpochProgress progress);
}
