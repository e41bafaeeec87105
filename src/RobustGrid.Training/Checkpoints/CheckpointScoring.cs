using RobustGrid.Adversarial.Evaluation;
using RobustGrid.Corruptions.Metrics;
using RobustGrid.Data;
using RobustGrid.Evaluation;
using RobustGrid.Training.Training;
using static TorchSharp.torch;

namespace RobustGrid.Training.Checkpoints;

/// <summary>
/// Checkpoints as RobustGrid.Evaluation's classifiers, and the load-then-score glue that the CLI and the grid share:
/// the evaluators know logits functions, this knows checkpoint files.
/// </summary>
public static class CheckpointScoring
{
    /// <summary>The model on uint8 NCHW batches, named "model/method".</summary>
    public static ByteClassifier Classifier(this TrainedModel model) =>
        new(model.Metadata.Config.Dataset, NameOf(model.Metadata), model.Logits);

    /// <summary>The module and its normalisation, for the attacks.</summary>
    public static ModuleClassifier AttackTarget(this TrainedModel model) =>
        new(model.Metadata.Config.Dataset, NameOf(model.Metadata), model.Module,
            [.. model.Normalization.Mean.Select(m => (float)m)], [.. model.Normalization.Std.Select(s => (float)s)]);

    public static string NameOf(CheckpointMetadata trained) => $"{trained.Config.Model}/{trained.Config.Method}";

    /// <summary>The first <paramref name="limit"/> clean test images of the checkpoint's dataset.</summary>
    public static ClassifierScores Clean(string checkpointPath, MethodFactory methods, CheckpointEvaluator evaluator,
        int? limit, Device device)
    {
        using var model = TrainedModel.Load(checkpointPath, methods, device);
        return evaluator.Clean(model.Classifier(), limit, device);
    }

    /// <summary>A clean image set of the checkpoint's dataset that the caller has loaded already (in memory or on
    /// disk).</summary>
    public static ClassifierScores Clean(string checkpointPath, MethodFactory methods, CheckpointEvaluator evaluator,
        IImageSource test, Device device)
    {
        using var model = TrainedModel.Load(checkpointPath, methods, device);
        return evaluator.Clean(model.Classifier(), test, device);
    }

    public static RobustnessReport Suite(string checkpointPath, MethodFactory methods, CheckpointEvaluator evaluator,
        SuiteRequest request, Device device, IProgress<string>? progress = null) =>
        Compare([checkpointPath], methods, evaluator, request, device, progress)[0];

    /// <summary>
    /// Several checkpoints of one dataset on one pass over the same suite, one report each; reports are named by
    /// <paramref name="names"/> when given, else "model/method".
    /// </summary>
    public static IReadOnlyList<RobustnessReport> Compare(IReadOnlyList<string> checkpointPaths, MethodFactory methods,
        CheckpointEvaluator evaluator, SuiteRequest request, Device device, IProgress<string>? progress = null,
        IReadOnlyList<string>? names = null)
    {
        if (names is not null && names.Count != checkpointPaths.Count)
            throw new ArgumentException($"{names.Count} names for {checkpointPaths.Count} checkpoints", nameof(names));
        var models = new List<TrainedModel>();
        try
        {
            foreach (var path in checkpointPaths) models.Add(TrainedModel.Load(path, methods, device));
            var classifiers = models.Select((m, i) => m.Classifier() with { Name = names?[i] ?? NameOf(m.Metadata) })
                .ToList();
            return evaluator.EvaluateEach(classifiers, request, device, progress);
        }
        finally
        {
            foreach (var model in models) model.Dispose();
        }
    }

    public static RobustnessResult Attack(string checkpointPath, MethodFactory methods,
        AdversarialCheckpointEvaluator evaluator, string suite, int images, Device device, ulong seed = 0)
    {
        using var model = TrainedModel.Load(checkpointPath, methods, device);
        return evaluator.Evaluate(model.AttackTarget(), suite, images, device, seed);
    }
}
