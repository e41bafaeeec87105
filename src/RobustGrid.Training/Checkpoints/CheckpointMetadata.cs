using RobustGrid.Training.Training;

namespace RobustGrid.Training.Checkpoints;

/// <summary>
/// What a checkpoint records besides tensors. The random state is derived, not stored: every epoch reseeds
/// its generators from (seed, epoch), so resuming at an epoch boundary replays exactly the same batches.
/// <see cref="MethodDetails"/> holds every method hyperparameter as used (defaults included) and the method's
/// inputs, such as IPMix's mixing set or AdvBN's starting checkpoint. <see cref="Imported"/> is set on checkpoints made
/// from PyTorch weights: they were never trained here and hold no optimizer state.
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
    DateTime CreatedUtc,
    IReadOnlyDictionary<string, string>? MethodDetails = null,
    ImportedWeights? Imported = null);
