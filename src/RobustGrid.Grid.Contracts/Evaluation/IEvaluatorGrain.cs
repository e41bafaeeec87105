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
}
