namespace RobustGrid.Training.Training;

/// <summary>Progress inside an epoch, sent every log interval.</summary>
public sealed record StepProgress(int Epoch, int Epochs, int Step, int StepsPerEpoch, double Loss,
    double ImagesPerSecond);

/// <summary>The summary of one finished epoch.</summary>
public sealed record EpochReport(
    int Epoch,
    int Epochs,
    double TrainLoss,
    double TrainAccuracy,
    double TestAccuracy,
    double ImagesPerSecond,
    double LearningRate,
    TimeSpan Duration);

/// <summary>Receives progress on the training thread; implementations must return quickly and never block on
/// it.</summary>
public interface ITrainingObserver
{
    void OnStep(StepProgress progress);
    void OnEpoch(EpochReport report);

    /// <summary>Something the run recovered from that its owner should hear of, such as a damaged checkpoint.</summary>
    void OnWarning(string message)
    {
    }
}

public enum TrainingOutcome
{
    Completed,
    Diverged,
    Cancelled,
}

/// <summary>How a run ended. <see cref="CheckpointPath"/> is the last good checkpoint (absent if none was
/// written).</summary>
public sealed record TrainingResult(
    TrainingOutcome Outcome,
    int EpochsCompleted,
    double TestAccuracy,
    string CheckpointPath,
    string? Message,
    IReadOnlyList<EpochReport> History);
