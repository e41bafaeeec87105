namespace RobustGrid.Grid.Contracts;

/// <summary>
/// Scores one checkpoint on one suite configuration. Key "{checkpointId}|{suite fingerprint}", so a checkpoint is
/// evaluated once: later requests get the stored result.
/// </summary>
public interface IEvaluatorGrain : IGrainWithStringKey
{
    /// <summary>Returns the stored result, or null after queuing the work; the result then goes to the trial.</summary>
    Task<EvaluationResult?> Submit(EvaluationRequest request);

    Task OnCompleted(EvaluationResult result);

    Task OnFailed(string message);

    /// <summary>The checkpoint failed verification and was set aside: its trials retrain instead of retrying
    /// it.</summary>
    /// <param name="resumeEpoch">The epochs of the newest checkpoint left that verifies; 0 when none does.</param>
    Task OnCheckpointDamaged(string checkpointId, string message, int resumeEpoch);
}
