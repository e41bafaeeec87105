using RobustGrid.Adversarial.Classifiers;
using RobustGrid.Adversarial.Evaluation;
using RobustGrid.Adversarial.Losses;
using RobustGrid.Adversarial.Norms;
using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Apgd;

/// <summary>
/// APGD-T: APGD on the targeted DLR loss, run in turn against the 2nd, 3rd, ... (TargetClasses + 1)-th highest
/// scoring class of each clean image, each run only on the points still correct. Targets are ranked on the clean
/// images of the points being attacked, as in the reference.
/// </summary>
public sealed class ApgdTargetedAttack : IAdversarialAttack
{
    public ApgdTargetedAttack(ApgdOptions options)
    {
        ApgdValidation.Check(options);
        if (options.TargetClasses < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "target classes must be >= 1");
        Options = options with { Loss = ApgdLoss.TargetedDlr };
    }

    public ApgdOptions Options { get; }

    public string Name => "apgd-t";

    public LpNorm Norm => Options.Norm;

    public double Epsilon => Options.Epsilon;

    // Passes run target by target, each target's restarts in a row; the first target is the 2nd-ranked class.
    public Tensor Perturb(ImageClassifier classifier, Tensor images, Tensor labels) =>
        StillCorrectPasses.Attack(classifier, images, labels, Options.Seed, Options.TargetClasses * Options.Restarts,
            (x, y, pass, generator) =>
        {
            var targets = classifier.ClassOfRank(x, rank: 2 + pass / Options.Restarts);
            var (candidates, stillCorrect) = ApgdRun.Run(
                Options, classifier, x, y, logits => DlrLoss.Targeted(logits, y, targets), generator);
            return (candidates, stillCorrect.logical_not());
        });
}
