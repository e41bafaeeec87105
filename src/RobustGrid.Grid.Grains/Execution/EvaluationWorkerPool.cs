using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RobustGrid.Grid.Grains.Options;

namespace RobustGrid.Grid.Grains.Execution;

/// <summary>
/// Dedicated evaluation threads of this silo. Results go back to the evaluator grain that queued the work; the
/// evaluator implementation is a singleton, so its corrupted-set cache is shared by everything on the silo.
/// </summary>
public sealed class EvaluationWorkerPool : IDisposable
{
    private readonly QuietWorkQueue<(string EvaluatorKey, EvaluationRequest Request)> _queue = new();
    private readonly ICheckpointEvaluator _evaluator;
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _clock;
    private readonly ILogger<EvaluationWorkerPool> _logger;
    private readonly CancellationTokenSource _stopping = new();

    public EvaluationWorkerPool(IOptions<GridSiloOptions> options, ICheckpointEvaluator evaluator, IGrainFactory grains,
        [FromKeyedServices(GridClock.Key)] TimeProvider clock, ILogger<EvaluationWorkerPool> logger)
    {
        _evaluator = evaluator;
        _grains = grains;
        _clock = clock;
        _logger = logger;
        for (var i = 0; i < Math.Max(1, options.Value.EvaluationWorkers); i++)
            new Thread(Loop) { IsBackground = true, Name = $"robustgrid-eval-{i}" }.Start();
    }

    public void Enqueue(string evaluatorKey, EvaluationRequest request) => _queue.Add((evaluatorKey, request));

    private void Loop()
    {
        while (_queue.TryTake(out var work))
        {
            var (key, request) = work;
            var grain = _grains.GetGrain<IEvaluatorGrain>(key);
            Func<Task> report;
            try
            {
                var result = _evaluator.Evaluate(request, _stopping.Token);
                report = () => grain.OnCompleted(result);
            }
            catch (DamagedCheckpointException e)
            {
                // Expected of a damaged file, and the message says all of it: no stack trace.
                _logger.LogWarning("Trial {Trial}: {Warning}", request.Spec.TrialId, e.Message);
                var (id, message, epoch) = (request.CheckpointId, e.Message, e.ResumeEpoch);
                report = () => grain.OnCheckpointDamaged(id, message, epoch);
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Evaluation of {Checkpoint} failed", request.CheckpointPath);
                var message = $"{e.GetType().Name}: {e.Message}";
                report = () => grain.OnFailed(message);
            }
            // Report without blocking this thread on the grain chain behind it (trial, leaderboard, sweep): the next
            // evaluation can start while the result travels.
            _ = Report(key, report);
        }
    }

    private async Task Report(string key, Func<Task> report)
    {
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            try
            {
                await report().ConfigureAwait(false);
                return;
            }
            catch (Exception e)
            {
                // After the last attempt the trial's watchdog re-submits and gets the stored result or a rerun.
                _logger.LogDebug(e, "Reporting evaluation {Key} failed (attempt {Attempt})", key, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), _clock).ConfigureAwait(false);
            }
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _queue.CompleteAdding();
    }
}
