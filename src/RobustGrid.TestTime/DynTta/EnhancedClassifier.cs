using RobustGrid.Evaluation;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Training;
using static TorchSharp.torch;

namespace RobustGrid.TestTime.DynTta;

/// <summary>
/// A frozen classifier behind its trained DynTTA enhancer, seen as one classifier of uint8 NCHW images: what an
/// evaluator that scores plain checkpoints by their byte-image logits needs to score classifier ∘ DynTTA the same way.
/// </summary>
public sealed class EnhancedClassifier : IDisposable
{
    private readonly FrozenClassifier _classifier;
    private readonly DynTtaEnhancer _enhancer;

    private EnhancedClassifier(FrozenClassifier classifier, DynTtaEnhancer enhancer)
    {
        _classifier = classifier;
        _enhancer = enhancer;
    }

    /// <summary>The classifier's checkpoint and the stage-3 file of a DynTTA stage folder trained on it.</summary>
    public static EnhancedClassifier Load(string classifierPath, MethodFactory methods, string stage3Path,
        DynTtaOptions options, Device device)
    {
        if (!File.Exists(stage3Path))
            throw new FileNotFoundException($"no DynTTA stage-3 enhancer at {stage3Path}", stage3Path);
        var classifier = new FrozenClassifier(TrainedModel.Load(classifierPath, methods, device));
        try
        {
            return new EnhancedClassifier(classifier,
                DynTtaPipeline.LoadEnhancer(options, classifier.Model.Metadata.ImageSize, stage3Path, device));
        }
        catch
        {
            classifier.Dispose();
            throw;
        }
    }

    public TrainedModel Classifier => _classifier.Model;

    /// <summary>The classifier behind the enhancer, named "model/method+dyntta"; call its logits under
    /// no_grad.</summary>
    public ByteClassifier Enhanced => EnhancerEvaluation.Behind(_classifier,
        $"{CheckpointScoring.NameOf(Classifier.Metadata)}+dyntta", _enhancer.call);

    /// <summary>The classifier alone, for the same images.</summary>
    public ByteClassifier Unenhanced =>
        EnhancerEvaluation.Behind(_classifier, CheckpointScoring.NameOf(Classifier.Metadata), null);

    public void Dispose()
    {
        _enhancer.Dispose();
        _classifier.Dispose();
    }
}
