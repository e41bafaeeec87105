namespace RobustGrid.Grid.Grains.Execution;

/// <summary>Progress sink handed to an executor; called on the worker thread after every epoch.</summary>
public interface ITrialProgress
{
    /// <summary>
    /// Reports a finished epoch and returns at once (trainers must not block on their observers). When the
    /// early-termination scheduler decides to stop the trial, the run's cancellation token is cancelled and the worker
    /// reports the attempt as stopped early rather than cancelled.
    /// </summary>
    void OnEpoch(EpochProgress progress);
}
