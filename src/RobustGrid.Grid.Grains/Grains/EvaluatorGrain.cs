using Microsoft.Extensions.Logging;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Grains.Storage;

namespace RobustGrid.Grid.Grains.Grains;

/// <summary>
/// One (checkpoint, suite) evaluation. The stored result answers every later request, so a checkpoint is never scored
/// twice on the same suite. The work itself runs on this silo's evaluation worker threads. Reentrant: a report from
/// the worker must not wait behind a trial that re-submits at the same moment.
/// </summary>
[Reentrant]
public sealed class EvaluatorGrain(
    [PersistentState("evaluation", GridStorageNames.Grid)] IPersistentState<EvaluatorGrainState> state,
    EvaluationWorkerPool workers,
    ILogger<EvaluatorGrain> logger) : Grain, IEvaluatorGrain
{
    private readonly HashSet<string> _waiting = [];
    private bool _running;

    public Task<EvaluationResult?> Submit(EvaluationRequest request)
    {
        if (state.State.Result is { } done) return Task.FromResult<EvaluationResult?>(done);
        _waiting.Add(request.Spec.TrialId);
        if (!_running)
        {
            _running = true;
            workers.Enqueue(this.GetPrimaryKeyString(), request);
        }
        return Task.FromResult<EvaluationResult?>(null);
    }

    public async Task OnCompleted(EvaluationResult result)
    {
        _running = false;
        if (state.State.Result is null)
        {
            state.State.Result = result;
            await state.WriteStateAsync();
        }
        await Notify(trial => GrainFactory.GetGrain<IExperimentGrain>(trial).OnEvaluated(result));
    }

    public async Task OnFailed(string message)
    {
        _running = false;
        await Notify(trial => GrainFactory.GetGrain<IExperimentGrain>(trial).OnEvaluationFailed(message));
    }

    public async Task OnCheckpointDamaged(string checkpointId, string message, int resumeEpoch)
    {
        _running = false;
        await Notify(trial =>
            GrainFactory.GetGrain<IExperimentGrain>(trial).OnCheckpointDamaged(checkpointId, message, resumeEpoch));
    }

    private async Task Notify(Func<string, Task> call)
    {
        var trials = _waiting.ToList();
        _waiting.Clear();
        await Task.WhenAll(trials.Select(async t =>
        {
            try
            {
                await call(t);
            }
            catch (Exception e)
            {
                // The trial's watchdog re-submits and gets the stored result.
                logger.LogDebug(e, "Could not deliver evaluation to {Trial}", t);
            }
        }));
    }
}
