using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Grains.Specs;
using RobustGrid.Grid.Grains.Storage;

namespace RobustGrid.Grid.Grains.Grains;

/// <summary>
/// One trial's state machine: pending -> training -> evaluating -> completed, or stopped-early, diverged, failed,
/// cancelled. Every transition after pending is written before it is acted on, so after a crash the grain (re)activated
/// on any silo knows what it was doing. A lost training attempt (dead silo) is retried from the trial's checkpoint up
/// to max_failures; stale reports from an earlier attempt are recognised by the attempt number and ignored. An attempt
/// that found the disk full is no failure: the trial waits (on the grid's clock, longer each time the disk is still
/// full) and resumes from its checkpoint. A final checkpoint that fails verification when it is evaluated has been set
/// aside by the evaluator, and the trial retrains from the generation before it instead of evaluating the same file
/// again; that counts as an evaluation failure, so a disk that damages every file cannot keep a trial going forever.
/// </summary>
public sealed class ExperimentGrain(
    [PersistentState("experiment", GridStorageNames.Grid)] IPersistentState<ExperimentGrainState> state,
    ICheckpointStore checkpoints,
    [FromKeyedServices(GridClock.Key)] TimeProvider clock,
    ILogger<ExperimentGrain> logger) : Grain, IExperimentGrain
{
    /// <summary>A trainer is asked whether it still runs this trial only when the slot was granted this long
    /// ago.</summary>
    internal static readonly TimeSpan SlotGrace = TimeSpan.FromSeconds(3);

    /// <summary>The wait after an attempt found the disk full; it doubles while the disk stays full, up to
    /// <see cref="LongestSpaceWait"/>.</summary>
    internal static readonly TimeSpan FirstSpaceWait = TimeSpan.FromSeconds(30);

    internal static readonly TimeSpan LongestSpaceWait = TimeSpan.FromMinutes(10);

    private ExperimentGrainState S => state.State;

    private string TrialId => this.GetPrimaryKeyString();

    public async Task<ExperimentStatus> Start(TrialSpec spec)
    {
        if (S.Spec is not null) return await Check();
        S.Spec = spec;
        S.State = TrialState.Pending;
        // Not written: a pending trial that a crash forgets is the same as one never started, and the sweep relaunches
        // index i with the same spec into this same grain. The first write is the slot grant, before any training.
        await RequestSlot();
        return Status();
    }

    public Task<ExperimentStatus> GetStatus() => Task.FromResult(Status());

    public Task<EpochProgress[]> GetEpochs() => Task.FromResult(S.Epochs.ToArray());

    public async Task<ExperimentStatus> Cancel()
    {
        if (S.Spec is null || S.State.IsTerminal()) return Status();
        var slot = S.Slot;
        S.Message = "cancelled";
        await Finish(TrialState.Cancelled);
        try
        {
            if (slot is not null) await GrainFactory.GetGrain<ITrainerGrain>(slot).Cancel(TrialId);
            await GrainFactory.GetGrain<ISlotSchedulerGrain>(0).Withdraw(TrialId);
        }
        catch (Exception e)
        {
            // The slot may be on a dead silo; there is nothing left to stop there.
            logger.LogDebug(e, "Stopping {Trial} on {Slot} failed", TrialId, slot);
        }
        return Status();
    }

    public async Task<ExperimentStatus> Check()
    {
        if (S.Spec is null) return Status();
        switch (S.State)
        {
            case TrialState.Pending when clock.GetUtcNow() < S.RetryAt:
                break; // waiting for disk space
            case TrialState.Pending:
                await RequestSlot();
                break;
            case TrialState.Training when S.Slot is null:
                await Requeue("no slot recorded");
                break;
            case TrialState.Training when clock.GetUtcNow() - S.SlotSince > SlotGrace:
                string? running;
                try
                {
                    running = await GrainFactory.GetGrain<ITrainerGrain>(S.Slot!).CurrentTrial();
                }
                catch (Exception e)
                {
                    logger.LogInformation("Trainer slot {Slot} of {Trial} is unreachable: {Error}", S.Slot, TrialId,
                        e.Message);
                    running = null;
                }
                if (running != TrialId) await LoseAttempt($"trainer slot {S.Slot} lost the trial");
                break;
            case TrialState.Evaluating:
                await SubmitEvaluation();
                break;
            case TrialState.Completed when S.Spec.IsIntermediateStep:
                await NotifySweep();
                break;
            case TrialState.Completed:
                // A crash between the completed write and the leaderboard write would otherwise lose the entry; the
                // watchdog only asks again when the sweep missed this trial's report, so this is rare and idempotent.
                await RecordOnLeaderboard();
                await NotifySweep();
                break;
            case var s when s.IsTerminal():
                await NotifySweep();
                break;
        }
        return Status();
    }

    public async Task<bool> OnSlotGranted(string slotKey)
    {
        if (S.Spec is null || S.State != TrialState.Pending) return false;
        S.Attempts++;
        S.State = TrialState.Training;
        S.Slot = slotKey;
        S.SlotSince = clock.GetUtcNow();
        S.ResumedFromEpoch = S.EpochsCompleted;
        S.Message = S.Attempts > 1 ? $"attempt {S.Attempts}, resuming from epoch {S.EpochsCompleted}" : null;
        await Save();
        var parent = S.Spec.Population?.ParentTrialId is { } p ? checkpoints.RunDirectory(Contracts.TrialId.Parse(p))
            : null;
        var job = new TrainerJob(S.Spec, S.Attempts, checkpoints.RunDirectory(S.Spec.Id), parent);
        bool started;
        try
        {
            started = await GrainFactory.GetGrain<ITrainerGrain>(slotKey).Run(job);
        }
        catch (Exception e)
        {
            logger.LogInformation("Trainer slot {Slot} refused {Trial}: {Error}", slotKey, TrialId, e.Message);
            started = false;
        }
        if (started) return true;
        S.State = TrialState.Pending;
        S.Slot = null;
        await Save();
        await RequestSlot();
        return false;
    }

    public async Task<RungDecision> OnEpoch(int attempt, EpochProgress progress)
    {
        if (S.Spec is null || attempt != S.Attempts || S.State != TrialState.Training)
            return S.State == TrialState.Training ? RungDecision.Continue : RungDecision.Stop;
        S.LastEpoch = progress;
        // A resumed attempt trains from its checkpoint's epoch on: what it reports replaces what was lost.
        S.Epochs.RemoveAll(e => e.Epoch >= progress.Epoch);
        S.Epochs.Add(progress);
        S.EpochsCompleted = Math.Max(S.EpochsCompleted, progress.Epoch);
        S.SpaceWaits = 0; // the epoch's checkpoint was written
        await Save();
        if (!S.Spec.Rungs.Contains(progress.Epoch)) return RungDecision.Continue;
        var value = S.Spec.RungMetric switch
        {
            "train_loss" => progress.TrainLoss,
            "train_accuracy" => progress.TrainAccuracy,
            _ => progress.TestAccuracy,
        };
        return await GrainFactory.GetGrain<ISweepGrain>(S.Spec.SweepId).ReportRung(S.Spec.Index, progress.Epoch, value);
    }

    public async Task OnTrainingFinished(int attempt, TrialRunResult result)
    {
        if (S.Spec is null || attempt != S.Attempts || S.State != TrialState.Training) return;
        S.Slot = null;
        S.EpochsCompleted = Math.Max(S.EpochsCompleted, result.EpochsCompleted);
        foreach (var (k, v) in result.Metrics) S.Metrics[k] = v;
        S.Message = result.Message;
        switch (result.Outcome)
        {
            case RunOutcome.Completed when S.Spec.IsIntermediateStep:
                // The next generation of the population continues from this folder; only final steps are ranked.
                S.CheckpointPath = result.CheckpointPath;
                S.CheckpointId = result.CheckpointId;
                await Finish(TrialState.Completed);
                break;
            case RunOutcome.Completed when result.CheckpointPath is not null && result.CheckpointId is not null:
                S.CheckpointPath = result.CheckpointPath;
                S.CheckpointId = result.CheckpointId;
                S.ImportedSha256 = result.ImportedSha256;
                S.State = TrialState.Evaluating;
                await Save();
                await NotifyTrained();
                await SubmitEvaluation();
                break;
            case RunOutcome.Completed:
                await LoseAttempt("training completed without a checkpoint");
                break;
            case RunOutcome.StoppedEarly:
                await Finish(TrialState.StoppedEarly);
                break;
            case RunOutcome.Diverged:
                await Finish(TrialState.Diverged);
                break;
            case RunOutcome.Cancelled:
                await Finish(TrialState.Cancelled);
                break;
            case RunOutcome.Interrupted:
                // Not a failure, and no slot request now: this silo is going away. The sweep's watchdog relaunches the
                // pending trial (Check), which resumes from its last checkpoint on whichever silo has a slot.
                await MakePending(result.Message ?? "interrupted");
                break;
            case RunOutcome.NoSpace:
                await WaitForSpace(result.Message ?? "no space left on device");
                break;
            default:
                await LoseAttempt(result.Message ?? "training failed");
                break;
        }
    }

    public async Task OnEvaluated(EvaluationResult result)
    {
        if (S.Spec is null || S.State != TrialState.Evaluating) return;
        foreach (var (k, v) in result.Metrics) S.Metrics[k] = v;
        S.Message = null;
        S.State = TrialState.Completed;
        S.UpdatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        await RecordOnLeaderboard();
        await NotifySweep();
    }

    private Task RecordOnLeaderboard()
    {
        var spec = S.Spec!;
        var suite = GridCatalog.BoardSuite(spec.Evaluation);
        var entry = new LeaderboardEntry(TrialId, spec.SweepId, spec.Dataset, suite, spec.Model,
            spec.Method, spec.ConfigKey, spec.Seed, spec.Parameters, S.CheckpointPath ?? "",
            new Dictionary<string, double>(S.Metrics), S.UpdatedAt, GridCatalog.Protocol(spec), S.ImportedSha256);
        return GrainFactory.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For(spec.Dataset, suite)).Record(entry);
    }

    public async Task OnEvaluationFailed(string message)
    {
        if (S.Spec is null || S.State != TrialState.Evaluating) return;
        S.EvaluationFailures++;
        S.Message = $"evaluation failed: {message}";
        if (S.EvaluationFailures > S.Spec.MaxFailures) await Finish(TrialState.Failed);
        else await Save(); // the sweep's watchdog resubmits it
    }

    public async Task OnCheckpointDamaged(string checkpointId, string message, int resumeEpoch)
    {
        if (S.Spec is null || S.State != TrialState.Evaluating || checkpointId != S.CheckpointId) return;
        S.EvaluationFailures++;
        S.CheckpointPath = S.CheckpointId = null;
        S.EpochsCompleted = resumeEpoch;
        if (S.EvaluationFailures > S.Spec.MaxFailures)
        {
            S.Message = $"{message} (evaluation failed {S.EvaluationFailures} times, " +
                        $"max_failures {S.Spec.MaxFailures})";
            await Finish(TrialState.Failed);
            return;
        }
        await Requeue(message);
    }

    private async Task SubmitEvaluation()
    {
        var spec = S.Spec!;
        var key = $"{S.CheckpointId}|{spec.Evaluation.Fingerprint}";
        var request =
            new EvaluationRequest(spec, S.CheckpointPath!, S.CheckpointId!, new Dictionary<string, double>(S.Metrics));
        var result = await GrainFactory.GetGrain<IEvaluatorGrain>(key).Submit(request);
        if (result is not null) await OnEvaluated(result);
    }

    private async Task LoseAttempt(string why)
    {
        S.Failures++;
        S.Slot = null;
        S.Message = why;
        if (S.Failures > S.Spec!.MaxFailures)
        {
            S.Message = $"{why} (failed {S.Failures} times, max_failures {S.Spec.MaxFailures})";
            await Finish(TrialState.Failed);
            return;
        }
        logger.LogInformation("Trial {Trial} attempt {Attempt} lost ({Why}); retrying from its checkpoint", TrialId,
            S.Attempts, why);
        await Requeue(why);
    }

    private async Task Requeue(string why)
    {
        await MakePending(why);
        await RequestSlot();
    }

    /// <summary>Pending, without a slot request: the watchdog's Check asks for one once
    /// <see cref="ExperimentGrainState.RetryAt"/> has passed.</summary>
    private Task WaitForSpace(string why)
    {
        S.SpaceWaits++;
        var doublings = Math.Min(S.SpaceWaits - 1, 10);
        var wait = TimeSpan.FromTicks(Math.Min(LongestSpaceWait.Ticks, FirstSpaceWait.Ticks << doublings));
        S.RetryAt = clock.GetUtcNow() + wait;
        var waiting = string.Create(CultureInfo.InvariantCulture,
            $"{why}; waiting {wait.TotalSeconds:0} s for disk space, then resuming from the checkpoint");
        logger.LogWarning("Trial {Trial} attempt {Attempt}: {Waiting}", TrialId, S.Attempts, waiting);
        return MakePending(waiting);
    }

    private Task MakePending(string why)
    {
        S.State = TrialState.Pending;
        S.Slot = null;
        S.Message = why;
        return Save();
    }

    private async Task Finish(TrialState terminal)
    {
        S.State = terminal;
        S.Slot = null;
        await Save();
        await NotifySweep();
    }

    private Task RequestSlot() => GrainFactory.GetGrain<ISlotSchedulerGrain>(0).Request(TrialId, S.Spec!.Device);

    /// <summary>Lets the sweep launch the next trial while this one is evaluated; a lost call only delays
    /// that.</summary>
    private async Task NotifyTrained()
    {
        try
        {
            await GrainFactory.GetGrain<ISweepGrain>(S.Spec!.SweepId).OnTrialTrained(S.Spec.Index);
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "Could not tell sweep that {Trial} is trained", TrialId);
        }
    }

    private async Task NotifySweep()
    {
        try
        {
            await GrainFactory.GetGrain<ISweepGrain>(S.Spec!.SweepId)
                .OnTrialFinished(S.Spec.Index, S.State, new Dictionary<string, double>(S.Metrics));
        }
        catch (Exception e)
        {
            // The sweep's watchdog asks again.
            logger.LogDebug(e, "Could not tell sweep about {Trial}", TrialId);
        }
    }

    private Task Save()
    {
        S.UpdatedAt = clock.GetUtcNow();
        return state.WriteStateAsync();
    }

    private ExperimentStatus Status()
    {
        var spec = S.Spec;
        return new ExperimentStatus(TrialId, spec?.SweepId ?? "", spec?.Index ?? -1, S.State, S.EpochsCompleted,
            spec?.Epochs ?? 0, S.LastEpoch, S.Slot, S.CheckpointPath, S.Attempts, S.Failures, S.ResumedFromEpoch,
            new Dictionary<string, double>(S.Metrics),
            spec?.Parameters ?? [], spec?.Seed ?? 0, S.Message, S.UpdatedAt, spec?.Population);
    }
}
