using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RobustGrid.Data.Catalog;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Methods;
using RobustGrid.Training.Runtime;
using RobustGrid.Training.Training;

namespace RobustGrid.Grid.Training;

/// <summary>
/// Runs a trial with RobustGrid.Training's Trainer on the slot's worker thread. The trainer checkpoints every epoch
/// into the trial's run folder in the shared checkpoint store and resumes from it, which is what makes a retry on
/// another silo continue where the lost attempt stopped. DynTTA trials train their enhancer stages instead
/// (<see cref="DynTtaTrials"/>); NaTra trials may first have their stages 1-4 made (<see cref="NaTraTrials"/>);
/// pretrained trials train nothing and hand their checkpoint on to evaluation (<see cref="PretrainedTrials"/>).
/// What the trainer recovered from (a damaged checkpoint it set aside) is logged as a warning naming the trial.
/// </summary>
public sealed class TorchTrialExecutor(IOptions<GridSiloOptions> options, ICheckpointStore store,
    DatasetCatalog? catalog = null, ILogger<TorchTrialExecutor>? logger = null) : ITrialExecutor
{
    private readonly ILogger _logger = logger ?? NullLogger<TorchTrialExecutor>.Instance;

    public TrialRunResult Run(TrainerJob job, ITrialProgress progress, CancellationToken cancellationToken)
    {
        try
        {
            return RunTrial(job, progress, cancellationToken);
        }
        finally
        {
            // The allocator keeps a training's peak for the training's own reuse; the next trial lays its tensors
            // out differently, so what this one leaves behind would only add up (docs/operations.md, native memory).
            NativeHeap.ReleaseFreePages();
        }
    }

    private TrialRunResult RunTrial(TrainerJob job, ITrialProgress progress, CancellationToken cancellationToken)
    {
        job = job with { Spec = TrialReferences.Resolve(job.Spec, store) };
        if (job.Spec.Method == PretrainedTrials.Method) return PretrainedTrials.Run(job);
        if (job.Spec.Method == DynTtaTrials.Method)
            return DynTtaTrials.Train(job, options.Value.TrainerDevice, catalog ?? DatasetCatalog.Default(), progress,
                cancellationToken);
        TrialSpec spec;
        try
        {
            spec = NaTraTrials.WithStages(job, options.Value.TrainerDevice, catalog ?? DatasetCatalog.Default(), store,
                cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new TrialRunResult(RunOutcome.Cancelled, 0, null, null, "cancelled while NaTra's stages were made",
                []);
        }
        var config = TrialConfigMapper.Map(spec, options.Value.TrainerDevice);
        var observer = new Observer(progress, _logger, job.Spec.TrialId);
        var segment = spec.Population is { } step ? new TrainingSegment(step.EndEpoch) : null;
        var result = Trainer.Run(config, MethodRegistry.Create, job.RunDirectory, observer, cancellationToken, catalog,
            segment);
        var last = result.History.Count > 0 ? result.History[^1] : null;
        var metrics = new Dictionary<string, double>();
        if (last is not null)
        {
            metrics["test_accuracy"] = last.TestAccuracy;
            metrics["train_loss"] = last.TrainLoss;
            metrics["train_accuracy"] = last.TrainAccuracy;
            metrics["images_per_second"] = last.ImagesPerSecond;
        }
        var outcome = result.Outcome switch
        {
            TrainingOutcome.Completed => RunOutcome.Completed,
            TrainingOutcome.Diverged => RunOutcome.Diverged,
            _ => RunOutcome.Cancelled,
        };
        var checkpointId = outcome == RunOutcome.Completed && File.Exists(result.CheckpointPath)
            ? CheckpointHash.Of(result.CheckpointPath) : null;
        return new TrialRunResult(outcome, result.EpochsCompleted, result.CheckpointPath, checkpointId, result.Message,
            metrics);
    }

    private sealed class Observer(ITrialProgress progress, ILogger logger, string trial) : ITrainingObserver
    {
        public void OnWarning(string message) => logger.LogWarning("Trial {Trial}: {Warning}", trial, message);

        public void OnStep(StepProgress p)
        {
        }

        public void OnEpoch(EpochReport r) =>
            progress.OnEpoch(new EpochProgress(r.Epoch, r.Epochs, r.TrainLoss, r.TrainAccuracy,
            r.TestAccuracy, r.ImagesPerSecond, r.Duration.TotalSeconds));
    }
}
