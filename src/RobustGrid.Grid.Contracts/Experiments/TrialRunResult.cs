namespace RobustGrid.Grid.Contracts;

/// <summary>What one training attempt produced.</summary>
/// <param name="CheckpointId">Content hash of the checkpoint: evaluations are cached under it.</param>
/// <param name="Metrics">Training-side metrics, e.g. test_accuracy, train_loss.</param>
/// <param name="ImportedSha256">For a checkpoint imported from PyTorch weights (method pretrained): the SHA-256 of
/// the weights file, which the leaderboard shows; null for trained ones.</param>
[GenerateSerializer, Immutable]
public sealed record TrialRunResult(
    RunOutcome Outcome,
    int EpochsCompleted,
    string? CheckpointPath,
    string? CheckpointId,
    string? Message,
    Dictionary<string, double> Metrics,
    string? ImportedSha256 = null);
