using RobustGrid.Grid.Grains.Execution;

namespace RobustGrid.Grid.Hosting.Timing;

/// <summary>Records each trial run and each of its epochs in the silo's <see cref="WorkTimeline"/>.</summary>
internal sealed class TimedTrialExecutor(ITrialExecutor inner, WorkTimeline timeline, TimeProvider clock)
    : ITrialExecutor
{
    public TrialRunResult Run(TrainerJob job, ITrialProgress progress, CancellationToken cancellationToken)
    {
        var started = clock.GetUtcNow();
        try
        {
            return inner.Run(job, new TimedProgress(progress, timeline, clock), cancellationToken);
        }
        finally
        {
            timeline.Add(WorkKind.TrialRun, started, clock.GetUtcNow());
        }
    }

    private sealed class TimedProgress(ITrialProgress inner, WorkTimeline timeline, TimeProvider clock)
        : ITrialProgress
    {
        public void OnEpoch(EpochProgress progress)
        {
            var end = clock.GetUtcNow();
            timeline.Add(WorkKind.Epoch, end - TimeSpan.FromSeconds(progress.Seconds), end);
            inner.OnEpoch(progress);
        }
    }
}

/// <summary>Records each evaluation in the silo's <see cref="WorkTimeline"/>.</summary>
internal sealed class TimedCheckpointEvaluator(ICheckpointEvaluator inner, WorkTimeline timeline, TimeProvider clock)
    : ICheckpointEvaluator
{
    public EvaluationResult Evaluate(EvaluationRequest request, CancellationToken cancellationToken)
    {
        var started = clock.GetUtcNow();
        try
        {
            return inner.Evaluate(request, cancellationToken);
        }
        finally
        {
            timeline.Add(WorkKind.Evaluation, started, clock.GetUtcNow());
        }
    }
}
