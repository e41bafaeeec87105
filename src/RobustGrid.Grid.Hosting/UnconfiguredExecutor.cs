using RobustGrid.Grid.Grains.Execution;

namespace RobustGrid.Grid.Hosting;

/// <summary>Stands in when a host registered no trainer: every trial attempt fails with a message saying so.</summary>
internal sealed class UnconfiguredExecutor : ITrialExecutor, ICheckpointEvaluator
{
    private const string Message = "this silo has no trial executor registered (host it with the robustgrid CLI or " +
        "silo, which add the TorchSharp trainer)";

    public TrialRunResult Run(TrainerJob job, ITrialProgress progress, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(Message);

    public EvaluationResult Evaluate(EvaluationRequest request, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(Message);
}
