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
        var trainedOn = model.Metadata.Config.Dataset;
        if (trainedOn != request.Dataset)
            throw new ArgumentException($"the checkpoint was trained on {trainedOn}; suite '{request.Name}' is for {request.Dataset}");
        var (suite, clean) = suites.Create(request);
        var evaluator = new SuiteEvaluator(model.Logits, device);
        var name = $"{model.Metadata.Config.Model}/{model.Metadata.Config.Method}";
        return evaluator.Evaluate(name, suite, clean.Pixels, CorruptionRegistry.Default(), progress);
    }
}
