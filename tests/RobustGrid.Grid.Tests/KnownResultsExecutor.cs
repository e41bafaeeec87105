using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// A trainer and evaluator whose trials finish at once and score the clean error a table gives for their method and
/// seed, so a test knows every value the sweep and the board compare.
/// </summary>
/// <param name="cleanError">The clean error of a (method, seed) trial.</param>
public sealed class KnownResultsExecutor(Func<string, long, double> cleanError) : ITrialExecutor, ICheckpointEvaluator
{
    public TrialRunResult Run(TrainerJob job, ITrialProgress progress, CancellationToken cancellationToken)
    {
        var checkpoint = Path.Combine(job.RunDirectory, "checkpoint.txt");
        File.WriteAllText(checkpoint, job.Spec.TrialId);
        // Each trial's own checkpoint id: the evaluator scores a checkpoint id once.
        return new TrialRunResult(RunOutcome.Completed, job.Spec.Epochs, checkpoint, $"known-{job.Spec.TrialId}",
            null, []);
    }

    public EvaluationResult Evaluate(EvaluationRequest request, CancellationToken cancellationToken)
    {
        var error = cleanError(request.Spec.Method, request.Spec.Seed);
        return new EvaluationResult(request.CheckpointId, request.Spec.Evaluation.Suite, new()
        {
            [MetricNames.CleanError] = error,
            [MetricNames.CleanAccuracy] = 1 - error,
        }, 0);
    }
}
