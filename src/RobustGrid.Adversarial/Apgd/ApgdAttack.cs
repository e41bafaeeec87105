using RobustGrid.Adversarial.Classifiers;
using RobustGrid.Adversarial.Evaluation;
using RobustGrid.Adversarial.Losses;
using RobustGrid.Adversarial.Norms;
using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Apgd;

/// <summary>
/// Untargeted APGD on cross-entropy (APGD-CE) or DLR (APGD-DLR): <c>Restarts</c> runs, each on the points no earlier
/// run fooled. The generator is seeded once per call, as the reference re-seeds torch at the start of perturb().
/// </summary>
public sealed class ApgdAttack : IAdversarialAttack
{
    public ApgdAttack(ApgdOptions options)
    {
        if (options.Loss == ApgdLoss.TargetedDlr)
            throw new ArgumentException("use ApgdTargetedAttack for the targeted DLR loss", nameof(options));
        ApgdValidation.Check(options);
        Options = options;
    }

    public ApgdOptions Options { get; }

    public string Name => Options.Loss == ApgdLoss.CrossEntropy ? "apgd-ce" : "apgd-dlr";

    public LpNorm Norm => Options.Norm;

    public double Epsilon => Options.Epsilon;

    public Tensor Perturb(ImageClassifier classifier, Tensor images, Tensor labels) =>
        StillCorrectPasses.Attack(classifier, images, labels, Options.Seed, Options.Restarts, (x, y, _, generator) =>
        {
            Func<Tensor, Tensor> loss = Options.Loss == ApgdLoss.CrossEntropy
                ? logits => CrossEntropy.PerImage(logits, y)
                : logits => DlrLoss.Untargeted(logits, y);
            var (candidates, stillCorrect) = ApgdRun.Run(Options, classifier, x, y, loss, generator);
            return (candidates, stillCorrect.logical_not());
        });
}
