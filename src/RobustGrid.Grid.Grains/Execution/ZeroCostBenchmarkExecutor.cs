namespace RobustGrid.Grid.Grains.Execution;

/// <summary>
/// BENCHMARK ONLY: a trial kind that does no work, so a sweep measures pure scheduling overhead (grain calls, state,
/// slot hand-off, evaluation and leaderboard bookkeeping). Registered only by bench/RobustGrid.Bench.Grid.
/// </summary>
public sealed class ZeroCostBenchmarkExecutor : ITrialExecutor, ICheckpointEvaluator
{
    public TrialRunResult Run(TrainerJob job, ITrialProgress progress, CancellationToken cancellationToken)
    {
        // A deterministic pseudo-accuracy so leaderboards and ASHA see varied values.
        var accuracy = 0.5 + (uint)HashCode.Combine(job.Spec.ConfigKey, job.Spec.Seed) % 1000 / 2000.0;
        return new TrialRunResult(RunOutcome.Completed, job.Spec.Epochs, job.RunDirectory, $"zero-cost:{job.Spec.TrialId}", null,
            new() { ["test_accuracy"] = accuracy });
    }

    public EvaluationResult Evaluate(EvaluationRequest request, CancellationToken cancellationToken)
    {
        var accuracy = request.TrainingMetrics.GetValueOrDefault("test_accuracy");
        return new EvaluationResult(request.CheckpointId, request.Spec.Evaluation.Suite, new()
        {
            [MetricNames.CleanAccuracy] = accuracy,
            [MetricNames.CleanError] = 1 - accuracy,
        }, 0);
    }
}
