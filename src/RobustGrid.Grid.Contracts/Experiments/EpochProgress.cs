namespace RobustGrid.Grid.Contracts;

/// <summary>One finished epoch, reported by the trainer's worker thread.</summary>
[GenerateSerializer, Immutable]
public sealed record EpochProgress(
    int Epoch,
    int Epochs,
    double TrainLoss,
    double TrainAccuracy,
    double TestAccuracy,
    double ImagesPerSecond,
    double Seconds);
