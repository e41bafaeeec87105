using Microsoft.Extensions.Logging;

namespace RobustGrid.Grid.Grains.Execution;

/// <summary>
/// One trainer slot's dedicated OS thread. TorchSharp keeps dispose scopes and grad mode per thread, and a training
/// epoch blocks for seconds to hours, so it must never run on an Orleans scheduler turn. The thread only runs the
/// executor: the report back to the grains travels asynchronously on the thread pool, so the thread never blocks (or
/// spins) on a grain call, and the slot takes its next job only after the report was delivered.
/// </summary>
internal sealed class SlotWorker : IDisposable
{
    /// <summary>A failed report is tried again after this, twice this, ... (five tries in all).</summary>
    internal static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(200);

    private readonly int _slot;
    private readonly ITrialExecutor _executor;
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly QuietWorkQueue<(TrainerJob Job, string SlotKey, CancellationTokenSource Cts)> _queue = new();
    private readonly Thread _thread;
    private readonly Lock _lock = new();
    private (TrainerJob Job, CancellationTokenSource Cts, bool StopRequested)? _current;
    private volatile bool _shuttingDown;
    // Completed when the running job's report has been delivered and the slot is free again.
    private TaskCompletionSource _idle = CompletedIdle();

    public SlotWorker(int slot, ITrialExecutor executor, IGrainFactory grains, TimeProvider clock, ILogger logger)
    {
        _slot = slot;
        _executor = executor;
        _grains = grains;
        _clock = clock;
        _logger = logger;
        _thread = new Thread(Loop) { IsBackground = true, Name = $"robustgrid-slot-{slot}" };
        _thread.Start();
    }

    public string? CurrentTrial
    {
        get { lock (_lock) return _current?.Job.Spec.TrialId; }
    }

    public bool TryStart(TrainerJob job, string slotKey)
    {
        lock (_lock)
        {
            if (_shuttingDown) return false;
            if (_current is not null)
                return _current.Value.Job.Spec.TrialId == job.Spec.TrialId && _current.Value.Job.Attempt == job.Attempt;
            var cts = new CancellationTokenSource();
            _current = (job, cts, false);
            _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _queue.Add((job, slotKey, cts));
            return true;
        }
    }

    public void Cancel(string trialId, bool stoppedEarly = false)
    {
        lock (_lock)
        {
            if (_current is not { } c || c.Job.Spec.TrialId != trialId) return;
            _current = (c.Job, c.Cts, c.StopRequested || stoppedEarly);
            c.Cts.Cancel();
        }
    }

    private bool StopRequested
    {
        get { lock (_lock) return _current?.StopRequested ?? false; }
    }

    /// <summary>
    /// A cancelled run was stopped by ASHA, by the user, or by this silo shutting down. Only the user's cancel may end
    /// the trial: a shutdown reported as "cancelled" would make the trial terminal and it would never resume.
    /// </summary>
    private RunOutcome WhyCancelled() =>
        StopRequested ? RunOutcome.StoppedEarly : _shuttingDown ? RunOutcome.Interrupted : RunOutcome.Cancelled;

    private void Loop()
    {
        while (_queue.TryTake(out var work))
        {
            var (job, slotKey, cts) = work;
            var result = Execute(job, cts.Token);
            _ = Report(job, slotKey, cts, result);
        }
    }

    private async Task Report(TrainerJob job, string slotKey, CancellationTokenSource cts, TrialRunResult result)
    {
        var experiment = _grains.GetGrain<IExperimentGrain>(job.Spec.TrialId);
        // Report before freeing the slot: until the experiment has the result, the trainer still claims the trial,
        // so a watchdog check in between cannot mistake a finished attempt for a lost one.
        await Retry(() => experiment.OnTrainingFinished(job.Attempt, result), $"report {job.Spec.TrialId}")
            .ConfigureAwait(false);
        TaskCompletionSource idle;
        lock (_lock)
        {
            _current = null;
            idle = _idle;
        }
        idle.TrySetResult();
        cts.Dispose();
        await Retry(() => _grains.GetGrain<ISlotSchedulerGrain>(0).Release(slotKey, job.Spec.TrialId),
            $"release {slotKey}").ConfigureAwait(false);
    }

    private TrialRunResult Execute(TrainerJob job, CancellationToken ct)
    {
        try
        {
            Directory.CreateDirectory(job.RunDirectory);
            if (job.StartFrom is { } parent) RunFolderSeed.Ensure(parent, job.RunDirectory);
            var result = _executor.Run(job, new Progress(this, job), ct);
            return result.Outcome == RunOutcome.Cancelled ? result with { Outcome = WhyCancelled() } : result;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            var outcome = WhyCancelled();
            return new TrialRunResult(outcome, 0, null, null,
                outcome == RunOutcome.Interrupted ? "interrupted: the silo shut down" : "cancelled", []);
        }
        catch (Exception e) when (DiskSpace.IsOutOfSpace(e))
        {
            // The message names the file (checkpoint writes say which); the trial logs that it waits for space.
            return new TrialRunResult(RunOutcome.NoSpace, 0, null, null, e.Message, []);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Trial {Trial} attempt {Attempt} failed on slot {Slot}", job.Spec.TrialId,
                job.Attempt, _slot);
            return new TrialRunResult(RunOutcome.Failed, 0, null, null, $"{e.GetType().Name}: {e.Message}", []);
        }
    }

    private async Task Retry(Func<Task> call, string what)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await call().ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (attempt < 5)
            {
                _logger.LogDebug(e, "Retrying {What}", what);
                await Task.Delay(RetryPause * attempt, _clock).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // The experiment's watchdog recovers from a lost report.
                _logger.LogWarning(e, "Gave up trying to {What}", what);
                return;
            }
        }
    }

    /// <summary>Refuses new jobs, cancels the running one as interrupted, and returns once its report was
    /// delivered.</summary>
    public async Task InterruptAsync(CancellationToken cancellationToken)
    {
        _shuttingDown = true;
        Task idle;
        lock (_lock)
        {
            _current?.Cts.Cancel();
            idle = _idle.Task;
        }
        try
        {
            await idle.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _logger.LogWarning(
                "Slot {Slot}: trial {Trial} did not report its interruption in time; the watchdog recovers it", _slot,
                CurrentTrial);
        }
    }

    public void Dispose()
    {
        _shuttingDown = true;
        _queue.CompleteAdding();
        lock (_lock) _current?.Cts.Cancel();
    }

    private static TaskCompletionSource CompletedIdle()
    {
        var idle = new TaskCompletionSource();
        idle.SetResult();
        return idle;
    }

    private sealed class Progress(SlotWorker worker, TrainerJob job) : ITrialProgress
    {
        public void OnEpoch(EpochProgress progress) => _ = Report(progress);

        private async Task Report(EpochProgress progress)
        {
            try
            {
                var decision = await worker._grains.GetGrain<IExperimentGrain>(job.Spec.TrialId)
                    .OnEpoch(job.Attempt, progress).ConfigureAwait(false);
                if (decision == RungDecision.Stop) worker.Cancel(job.Spec.TrialId, stoppedEarly: true);
            }
            catch (Exception e)
            {
                // Progress is best effort: training continues and the final report carries the result.
                worker._logger.LogDebug(e, "Progress report of {Trial} failed", job.Spec.TrialId);
            }
        }
    }
}
