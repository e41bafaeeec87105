using RobustGrid.Adversarial.Classifiers;
using RobustGrid.Adversarial.Evaluation;
using RobustGrid.Adversarial.Norms;
using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Square;

/// <summary>
/// Square Attack: random search that only queries logits. Each iteration proposes a change on one random square
/// window (shared by the batch, as in the reference) and keeps it for the images whose margin loss
/// z_y - max_{i != y} z_i decreased or that became misclassified. L-inf starts from vertical stripes of +-epsilon and
/// sets the window to +-epsilon per channel; L2 starts from a grid of signed rectangle windows and moves mass
/// between two windows while staying on the epsilon sphere.
/// </summary>
public sealed class SquareAttack(SquareOptions options) : IAdversarialAttack
{
    public SquareOptions Options { get; } = Validate(options);

    public string Name => "square";

    public LpNorm Norm => Options.Norm;

    public double Epsilon => Options.Epsilon;

    public Tensor Perturb(ImageClassifier classifier, Tensor images, Tensor labels)
    {
        using var noGradients = no_grad();
        return StillCorrectPasses.Attack(classifier, images, labels, Options.Seed, Options.Restarts,
            (x, y, _, generator) =>
        {
            var random = new SquareRandom(generator, x.device);
            var candidates = Options.Norm == LpNorm.Linf
                ? SquareLinfRun.Run(Options, classifier, x, y, random)
                : SquareL2Run.Run(Options, classifier, x, y, random);
            return (candidates, classifier.Predict(candidates).ne(y));
        });
    }

    private static SquareOptions Validate(SquareOptions options)
    {
        if (options.Epsilon < 0) throw new ArgumentOutOfRangeException(nameof(options), "epsilon must be >= 0");
        if (options.Queries < 1 || options.Restarts < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "queries and restarts must be >= 1");
        if (options.PInit is <= 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(options), "p_init must be in (0, 1]");
        return options;
    }
}
