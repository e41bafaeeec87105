using System.Collections.Concurrent;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// A trainer whose runs last until the test lets them end: each run waits for its trial's release (and then ends the
/// trial as diverged, a terminal outcome with nothing to evaluate) or for its cancellation. Runs are recorded in the
/// order they started, so a test sees which trial got a slot when.
/// </summary>
internal sealed class HeldExecutor : ITrialExecutor
{
    private readonly ConcurrentDictionary<string, ManualResetEventSlim> _releases = new();
    private readonly ConcurrentQueue<string> _started = new();

    /// <summary>Trial ids in the order their runs started (a trial run twice is here twice).</summary>
    public string[] Started => [.. _started];

    public TrialRunResult Run(TrainerJob job, ITrialProgress progress, CancellationToken cancellationToken)
    {
        var release = _releases.GetOrAdd(job.Spec.TrialId, _ => new ManualResetEventSlim(false));
        _started.Enqueue(job.Spec.TrialId);
        try
        {
            release.Wait(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return new TrialRunResult(RunOutcome.Cancelled, 0, null, null, "cancelled", []);
        }
        return new TrialRunResult(RunOutcome.Diverged, 1, null, null, "ended by the test", []);
    }

    /// <summary>Ends the trial's run, or its next run if none has started yet.</summary>
    public void Release(string trialId) => _releases.GetOrAdd(trialId, _ => new ManualResetEventSlim(false)).Set();
}
