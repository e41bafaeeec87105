using System.Diagnostics;
using System.Globalization;
using RobustGrid.Catalog.Methods;
using RobustGrid.Catalog.Training;
using RobustGrid.Data.Catalog;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Methods;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Data;
using RobustGrid.TestTime.DynTta;
using RobustGrid.TestTime.Shifts;

namespace RobustGrid.Grid.Training;

/// <summary>
/// DynTTA on the grid. A trial of method <c>dyntta</c> trains DynTTA's stages 2 and 3 (URIE, then the enhancer)
/// through the frozen classifier that its <c>dyntta.checkpoint</c> parameter names, in the trial's run folder, so a
/// retry resumes both stages by epoch. Its "checkpoint" is the stage-3 file. The evaluator then scores classifier ∘
/// enhancer on the sweep's suite like any checkpoint, and the classifier alone under <c>unenhanced/…</c> columns of
/// the same entry, so the board shows the DynTTA entry beside the classifier without enhancement.
/// </summary>
internal static class DynTtaTrials
{
    public static readonly string Method = DynTtaInfo.Info.Name;
    private const string ClassifierParameter = "checkpoint";

    /// <summary>Prefix of the columns that score the classifier alone, e.g. <c>unenhanced/corruption/mce</c>.</summary>
    public const string UnenhancedPrefix = "unenhanced/";

    /// <summary>
    /// The stage options: the trial's <c>dyntta.*</c> hyperparameters (as <c>robustgrid dyntta --set</c> takes them),
    /// with the sweep's epochs as stage 3's epochs and the trial's seed (the spec check refuses dyntta.epochs and
    /// dyntta.seed).
    /// </summary>
    public static DynTtaOptions Options(TrialSpec spec) =>
        DynTtaOptions.Parse(MethodSettings(spec).Where(kv => kv.Key != ClassifierParameter).ToDictionary())
            with
        { Epochs = spec.Epochs, Seed = spec.Seed };

    public static string ClassifierPath(TrialSpec spec) =>
        MethodSettings(spec).TryGetValue(ClassifierParameter, out var value)
            ? CheckpointFile.Resolve(value)
            : throw new ArgumentException("dyntta trials need 'dyntta.checkpoint': " +
                "the trained classifier to enhance (a checkpoint.rgck or its run folder)");

    public static TrialRunResult Train(TrainerJob job, string slotDevice, DatasetCatalog catalog,
        ITrialProgress progress, CancellationToken cancellationToken)
    {
        var spec = job.Spec;
        var options = Options(spec);
        var classifierPath = ClassifierPath(spec);
        var device = SlotDevices.Resolve(slotDevice);
        if (IntParameter(spec, TrainingSettings.Threads) is > 0 and var threads)
            TorchSharp.torch.set_num_threads(threads);
        using var classifier = new FrozenClassifier(TrainedModel.Load(classifierPath, MethodRegistry.Create, device));
        var trained = classifier.Model.Metadata.Config;
        if (trained.Dataset != spec.Dataset || trained.Model != spec.Model)
            throw new ArgumentException(
                $"dyntta.checkpoint {classifierPath} is a {trained.Model} trained on {trained.Dataset}; " +
                $"this trial is {spec.Model} on {spec.Dataset}");
        var splits = catalog.Load(spec.Dataset);
        using var train = DeviceImageSet.Upload(IntParameter(spec, TrainingSettings.TrainLimit) is { } n
            ? splits.Train.Take(n) : splits.Train, device);
        var clock = Stopwatch.StartNew();
        EnhancerStageState? last = null;
        try
        {
            DynTtaPipeline.TrainStages(options, classifier, train, new EngineCorruptions(), job.RunDirectory,
                cancellation: cancellationToken, epochDone: state =>
                {
                    // The trial's epochs are stage 3's; URIE's epochs come first and are not counted.
                    if (state.Stage != Method) return;
                    last = state;
                    var seconds = clock.Elapsed.TotalSeconds;
                    clock.Restart();
                    progress.OnEpoch(
                        new EpochProgress(state.EpochsDone, options.Epochs, state.Loss[^1], state.TrainAccuracy[^1],
                        double.NaN, train.Count / Math.Max(seconds, 1e-9), seconds));
                });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new TrialRunResult(RunOutcome.Cancelled, last?.EpochsDone ?? 0, null, null, "cancelled", []);
        }
        var stage3 = Path.Combine(job.RunDirectory, DynTtaPipeline.DynTtaFile);
        // The evaluation depends on both models: the id hashes the enhancer and the classifier it was trained through.
        var checkpointId = CheckpointHash.Of(stage3, classifierPath);
        var metrics = last is null ? new Dictionary<string, double>() : new Dictionary<string, double>
        {
            ["train_loss"] = last.Loss[^1],
            ["train_accuracy"] = last.TrainAccuracy[^1],
        };
        return new TrialRunResult(RunOutcome.Completed, options.Epochs, stage3, checkpointId, null, metrics);
    }

    private static Dictionary<string, string> MethodSettings(TrialSpec spec) =>
        spec.Parameters.Where(kv => kv.Key.StartsWith(Method + ".", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[(Method.Length + 1)..], kv => kv.Value);

    private static int? IntParameter(TrialSpec spec, string key) =>
        spec.Parameters.TryGetValue(key, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : null;
}
