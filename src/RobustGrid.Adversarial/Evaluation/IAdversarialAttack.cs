using RobustGrid.Adversarial.Classifiers;
using RobustGrid.Adversarial.Norms;
using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Evaluation;

/// <summary>An attack on a batch of correctly or incorrectly classified images, bounded by an Lp ball.</summary>
public interface IAdversarialAttack
{
    /// <summary>Name used in logs and per-stage results, e.g. <c>apgd-ce</c>.</summary>
    string Name { get; }

    LpNorm Norm { get; }

    double Epsilon { get; }

    /// <summary>
    /// Adversarial versions of <paramref name="images"/> (NCHW, [0, 1], on any device; the result is on the same
    /// device): within the epsilon ball around each image and inside [0, 1]. Images the attack cannot misclassify come
    /// back as the clean image or as a point inside the ball. Deterministic for the attack's seed.
    /// </summary>
    Tensor Perturb(ImageClassifier classifier, Tensor images, Tensor labels);
}
