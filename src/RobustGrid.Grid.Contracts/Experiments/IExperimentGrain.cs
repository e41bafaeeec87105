namespace RobustGrid.Grid.Contracts;

/// <summary>One trial and its state machine. Key: the trial id "{sweepId}/{index:D5}".</summary>
public interface IExperimentGrain : IGrainWithStringKey
{
    /// <summary>Starts the trial; a second call with the same trial is a no-op that returns the status.</summary>
    Task<ExperimentStatus> Start(TrialSpec spec);

    [AlwaysInterleave]
    Task<ExperimentStatus> GetStatus();

    /// <summary>Every epoch the trial has finished, in order: its learning curve. An epoch trained again after a
    /// resume replaces the one it repeats.</summary>
    [AlwaysInterleave]
    Task<EpochProgress[]> GetEpochs();

    Task<ExperimentStatus> Cancel();

    /// <summary>Watchdog: re-queues a pending trial, and retries one whose trainer slot is gone.</summary>
    Task<ExperimentStatus> Check();

    /// <summary>The slot scheduler offers a slot; false when the trial no longer wants one.</summary>
    Task<bool> OnSlotGranted(string slotKey);

    Task<RungDecision> OnEpoch(int attempt, EpochProgress progress);

    Task OnTrainingFinished(int attempt, TrialRunResult result);

    Task OnEvaluated(EvaluationResult result);

    Task OnEvaluationFailed(string message);

    /// <summary>Checkpoint <paramref name="checkpointId"/> failed verification when it was evaluated, and was set
    /// aside.</summary>
    /// <param name="resumeEpoch">The epochs of the newest checkpoint left that verifies; 0 when none does.</param>
    Task OnCheckpointDamaged(string checkpointId, string message, int resumeEpoch);
}
