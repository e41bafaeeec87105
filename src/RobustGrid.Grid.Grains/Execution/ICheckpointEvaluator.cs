namespace RobustGrid.Grid.Grains.Execution;

/// <summary>
/// Scores a checkpoint on the clean test set and a corruption suite. Called on an evaluation worker thread, never on
/// an Orleans turn. Implementations cache corrupted test sets per silo (they are singletons).
/// </summary>
public interface ICheckpointEvaluator
{
    EvaluationResult Evaluate(EvaluationRequest request, CancellationToken cancellationToken);
}
