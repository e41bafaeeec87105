using RobustGrid.Adversarial.Classifiers;
using RobustGrid.Adversarial.Evaluation;
using RobustGrid.Adversarial.Losses;
using RobustGrid.Adversarial.Norms;
using TorchSharp;
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
        if (options.TargetClasses < 1) throw new ArgumentOutOfRangeException(nameof(options), "target classes must be >= 1");
        Options = options with { Loss = ApgdLoss.TargetedDlr };
    }

    public ApgdOptions Options { get; }

    public string Name => "apgd-t";

    public LpNorm Norm => Options.Norm;

    public double Epsilon => Options.Epsilon;

    public Tensor Perturb(ImageClassifier classifier, Tensor images, Tensor labels)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(Options.Seed, images.device);
        var clean = images.detach();
        var adversarial = clean.clone();
        var stillCorrect = classifier.Predict(clean).eq(labels);
        for (var rank = 2; rank <= Options.TargetClasses + 1; rank++)
        {
            for (var restart = 0; restart < Options.Restarts; restart++)
            {
                using var runScope = NewDisposeScope();
                var indices = Subsets.IndicesOf(stillCorrect);
                if (indices.numel() == 0) break;
                var x = clean.index_select(0, indices);
                var y = labels.index_select(0, indices);
                var targets = classifier.ClassOfRank(x, rank);
                var (candidate, runStillCorrect) = ApgdRun.Run(
                    Options, classifier, x, y, logits => DlrLoss.Targeted(logits, y, targets), generator);
                Subsets.WriteFooled(adversarial, stillCorrect, indices, candidate, runStillCorrect.logical_not());
            }
        }
        return adversarial.MoveToOuterDisposeScope();
    }
}
