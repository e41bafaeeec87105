namespace RobustGrid.Grid.Contracts;

/// <summary>One training attempt handed to a trainer slot.</summary>
/// <param name="Attempt">Increases on every retry, so stale reports from a lost attempt are ignored.</param>
/// <param name="RunDirectory">Checkpoint folder in the shared checkpoint store; a retry resumes from it.</param>
/// <param name="StartFrom">A folder of the same store whose checkpoint the run starts from when its own folder has
/// none yet (the parent trial of a population-based-training step).</param>
[GenerateSerializer, Immutable]
public sealed record TrainerJob(TrialSpec Spec, int Attempt, string RunDirectory, string? StartFrom = null);
