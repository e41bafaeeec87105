namespace RobustGrid.Grid.Contracts;

/// <summary>What one training attempt produced.</summary>
/// <param name="CheckpointId">Content hash of the checkpoint: evaluations are cached under it.</param>
/// <param name="Metrics">Training-side metrics, e.g. test_accuracy, train_loss.</param>
[GenerateSerializer, Immutable]
public sealed record TrialRunResult(
    RunOutcome Outcome,
    int EpochsCompleted,
    string? CheckpointPath,
    string? CheckpointId,
    string? Message,
    Dictionary<string, double> Metrics);
