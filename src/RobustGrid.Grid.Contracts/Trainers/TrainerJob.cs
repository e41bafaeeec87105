namespace RobustGrid.Grid.Contracts;

/// <summary>One training attempt handed to a trainer slot.</summary>
/// <param name="Attempt">Increases on every retry, so stale reports from a lost attempt are ignored.</param>
/// <param name="RunDirectory">Checkpoint folder in the shared checkpoint store; a retry resumes from it.</param>
[GenerateSerializer, Immutable]
public sealed record TrainerJob(TrialSpec Spec, int Attempt, string RunDirectory);
