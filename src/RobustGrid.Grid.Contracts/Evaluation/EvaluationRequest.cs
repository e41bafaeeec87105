namespace RobustGrid.Grid.Contracts;

/// <summary>Score one checkpoint on a suite; the answer goes back to the experiment grain named by TrialId.</summary>
[GenerateSerializer, Immutable]
public sealed record EvaluationRequest(TrialSpec Spec, string CheckpointPath, string CheckpointId,
    Dictionary<string, double> TrainingMetrics);
