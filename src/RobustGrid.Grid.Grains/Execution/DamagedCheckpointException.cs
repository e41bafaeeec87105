namespace RobustGrid.Grid.Grains.Execution;

/// <summary>
/// An evaluator found that the trial's own checkpoint fails verification and has set it aside, as a resume does. The
/// trial then retrains from the newest generation that verifies: evaluating the same file again would fail alike.
/// </summary>
/// <param name="message">What was set aside and where the retraining starts, for the silo's log and the trial.</param>
/// <param name="resumeEpoch">The epochs of the newest checkpoint left that verifies; 0 when none does.</param>
public sealed class DamagedCheckpointException(string message, int resumeEpoch, Exception? inner = null)
    : Exception(message, inner)
{
    public int ResumeEpoch { get; } = resumeEpoch;
}
