using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Evaluation;
using RobustGrid.Corruptions.Metrics;
using RobustGrid.Training.Checkpoints;
using static TorchSharp.torch;

namespace RobustGrid.Evaluation;

/// <summary>
/// Scores a checkpoint on the clean test set and a corruption suite. Synchronous (TorchSharp state is per thread):
/// call it on a worker thread, never on an Orleans turn.
/// </summary>
public sealed class CheckpointEvaluator(SuiteFactory suites)
{
    public RobustnessReport Evaluate(string checkpointPath, SuiteRequest request, Device device, IProgress<string>? progress = null)
    {
        using var model = TrainedModel.Load(checkpointPath, device);
        return Evaluate(model.Metadata, model.Logits, request, device, progress);
    }

    public RobustnessReport Evaluate(CheckpointMetadata trained, Func<Tensor, Tensor> logits, SuiteRequest request, Device device,
        IProgress<string>? progress = null) =>
        EvaluateEach(trained, [logits], request, device, progress)[0];

    /// <summary>
    /// Scores classifiers of uint8 NCHW batches (e.g. one classifier with and without a test-time enhancer in front)
    /// that were trained as <paramref name="trained"/> describes, on one pass over the suite: one report each.
    /// </summary>
    public IReadOnlyList<RobustnessReport> EvaluateEach(CheckpointMetadata trained, IReadOnlyList<Func<Tensor, Tensor>> classifiers,
        SuiteRequest request, Device device, IProgress<string>? progress = null)
    {
        var trainedOn = trained.Config.Dataset;
        if (trainedOn != request.Dataset)
            throw new ArgumentException($"the checkpoint was trained on {trainedOn}; suite '{request.Name}' is for {request.Dataset}");
        var (suite, clean) = suites.Create(request);
        var name = $"{trained.Config.Model}/{trained.Config.Method}";
        return new SuiteEvaluator(classifiers, device)
            .EvaluateEach([.. classifiers.Select(_ => name)], suite, clean.Pixels, CorruptionRegistry.Default(), progress);
    }
}
