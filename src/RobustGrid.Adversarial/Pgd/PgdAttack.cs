using RobustGrid.Adversarial.Classifiers;
using RobustGrid.Adversarial.Evaluation;
using RobustGrid.Adversarial.Losses;
using RobustGrid.Adversarial.Norms;
using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Pgd;

/// <summary>
/// PGD as in the IPMix/PixMix evaluation: maximise the summed cross-entropy, step, project onto the ball around the
/// clean image, clip to [0, 1]; the last iterate is the adversarial image (no best-iterate tracking, as there).
/// </summary>
public sealed class PgdAttack(PgdOptions options) : IAdversarialAttack
{
    public PgdOptions Options { get; } = Validate(options);

    public string Name => "pgd";

    public LpNorm Norm => Options.Norm;

    public double Epsilon => Options.Epsilon;

    // The first run covers every point so that each one gets a perturbed image; later runs only the points that
    // are still correct.
    public Tensor Perturb(ImageClassifier classifier, Tensor images, Tensor labels) =>
        StillCorrectPasses.Attack(classifier, images, labels, Options.Seed, Options.Restarts, (x, y, _, generator) =>
        {
            var candidates = SingleRun(classifier, x, y, generator);
            return (candidates, classifier.Predict(candidates).ne(y));
        }, firstPassCoversAll: true);

    private Tensor SingleRun(ImageClassifier classifier, Tensor x, Tensor y, Generator generator)
    {
        var eps = Options.Epsilon;
        var adversarial = (x + RandomStart(x, generator)).clamp(0.0, 1.0);
        for (var step = 0; step < Options.Steps; step++)
        {
            using var stepScope = NewDisposeScope();
            var gradient = classifier.LossAndGradient(adversarial, logits => CrossEntropy.PerImage(logits, y)).Gradient;
            using var _ = no_grad();
            Tensor next;
            if (Options.Norm == LpNorm.Linf)
            {
                next = adversarial + Options.StepSize * gradient.sign();
                next = minimum(maximum(next, x - eps), x + eps).clamp(0.0, 1.0);
            }
            else
            {
                next = adversarial + Options.StepSize * Perturbations.Normalize(gradient, LpNorm.L2);
                next = (x + ProjectL2(next - x, eps)).clamp(0.0, 1.0);
            }
            adversarial.Dispose();
            adversarial = next.MoveToOuterDisposeScope();
        }
        return adversarial;
    }

    private Tensor RandomStart(Tensor x, Generator generator)
    {
        if (!Options.RandomStart || Options.Epsilon == 0) return zeros_like(x);
        if (Options.Norm == LpNorm.Linf)
            return (rand(x.shape, generator: generator, device: x.device) * 2 - 1) * Options.Epsilon;
        var direction = Perturbations.Normalize(randn(x.shape, generator: generator, device: x.device), LpNorm.L2);
        var radius = rand(new long[] { x.shape[0] }, generator: generator, device: x.device) * Options.Epsilon;
        return direction * Perturbations.PerImage(radius, x);
    }

    private static Tensor ProjectL2(Tensor delta, double eps)
    {
        var norm = Perturbations.NormKeepDims(delta, LpNorm.L2);
        return delta * (eps / (norm + 1e-12)).clamp_max(1.0);
    }

    private static PgdOptions Validate(PgdOptions options)
    {
        if (options.Epsilon < 0) throw new ArgumentOutOfRangeException(nameof(options), "epsilon must be >= 0");
        if (options.Steps < 1 || options.Restarts < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "steps and restarts must be >= 1");
        return options;
    }
}
