using RobustGrid.Training.Training;

namespace RobustGrid.Training.Checkpoints;

/// <summary>
/// What a checkpoint records besides tensors. The random state is derived, not stored: every epoch reseeds
/// its generators from (seed, epoch), so resuming at an epoch boundary replays exactly the same batches.
/// </summary>
public sealed record CheckpointMetadata(
    TrainingConfig Config,
    int EpochsCompleted,
    long GlobalStep,
    IReadOnlyList<EpochReport> History,
    string ModelName,
    int InputChannels,
    int Classes,
    int ImageSize,
    double[] NormalizationMean,
    double[] NormalizationStd,
    DateTime CreatedUtc);
