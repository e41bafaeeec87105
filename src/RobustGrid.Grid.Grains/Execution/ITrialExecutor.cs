namespace RobustGrid.Grid.Grains.Execution;

/// <summary>
/// Runs one training attempt. Called synchronously on a trainer slot's dedicated OS thread, never on an Orleans
/// turn, so implementations may block, use thread-local TorchSharp state (dispose scopes, no_grad) and must not
/// assume any synchronization context. It resumes from the checkpoint in RunDirectory when one exists.
/// </summary>
public interface ITrialExecutor
{
    TrialRunResult Run(TrainerJob job, ITrialProgress progress, CancellationToken cancellationToken);
}
