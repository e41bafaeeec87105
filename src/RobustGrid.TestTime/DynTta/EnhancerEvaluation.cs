using RobustGrid.Corruptions.Metrics;
using RobustGrid.Evaluation;
using RobustGrid.Training.Checkpoints;
using static TorchSharp.torch;

namespace RobustGrid.TestTime.DynTta;

/// <summary>
/// DynTTA's evaluation: the frozen classifier alone (<see cref="None"/>) and behind each enhancer, scored on one pass
/// over a corruption suite by the same evaluator and scorer as <c>robustgrid eval --suite</c>, so the classifier
/// alone gets exactly the numbers <c>eval</c> gives its checkpoint on that suite.
/// </summary>
public static class EnhancerEvaluation
{
    public const string None = "none";

    /// <summary>
    /// The classifier behind an enhancer, as a classifier of uint8 NCHW batches: bytes to RGB in [0, 1], enhanced,
    /// then classified. Without an enhancer it is the checkpoint's own classifier of bytes.
    /// </summary>
    public static ByteClassifier Behind(FrozenClassifier classifier, string name, Func<Tensor, Tensor>? enhance)
    {
        var trained = classifier.Model.Classifier();
        return enhance is null ? trained with { Name = name } : trained with
        {
            Name = name,
            Logits = bytes => Enhanced(classifier, enhance, bytes),
        };
    }

    /// <summary>One summary per enhancer, named as given, in order.</summary>
    public static List<RobustnessSummary> Score(FrozenClassifier classifier,
        IReadOnlyList<(string Name, Func<Tensor, Tensor>? Enhance)> enhancers,
        CheckpointEvaluator evaluator, SuiteRequest request, Device device, IProgress<string>? progress = null)
    {
        var reports = evaluator.EvaluateEach([.. enhancers.Select(e => Behind(classifier, e.Name, e.Enhance))], request,
            device, progress);
        return [.. reports.Select(r => RobustnessSummary.From(r.Model, r))];
    }

    /// <summary>Logits of enhanced byte images; call under no_grad.</summary>
    public static Tensor Enhanced(FrozenClassifier classifier, Func<Tensor, Tensor> enhance, Tensor byteImages)
    {
        using var scope = NewDisposeScope();
        var rgb = FrozenClassifier.ToRgb(byteImages.to(ScalarType.Float32).div(255.0));
        return classifier.Logits(enhance(rgb)).MoveToOuterDisposeScope();
    }
}
