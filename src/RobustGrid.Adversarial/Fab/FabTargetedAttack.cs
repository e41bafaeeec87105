using RobustGrid.Adversarial.Classifiers;
using RobustGrid.Adversarial.Evaluation;
using RobustGrid.Adversarial.Norms;
using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Fab;

/// <summary>
/// FAB-T: for each of the top <c>TargetClasses</c> other classes in turn, FAB looks for the smallest perturbation
/// that makes that class beat the true one. Each iteration linearises the logit difference z_t - z_y at the current
/// iterate, projects both the iterate and the clean image onto that hyperplane (within [0, 1]), and moves to a convex
/// combination of the two projections, biased towards the one from the clean image (alpha up to AlphaMax) and
/// overshooting by Eta. Whenever the iterate is misclassified it is recorded if smaller than the best so far and
/// pulled back towards the clean image by Beta. A point counts as fooled only if its best perturbation is within
/// epsilon.
/// </summary>
public sealed class FabTargetedAttack(FabOptions options) : IAdversarialAttack
{
    public FabOptions Options { get; } = Validate(options);

    public string Name => "fab-t";

    public LpNorm Norm => Options.Norm;

    public double Epsilon => Options.Epsilon;

    // Passes run target by target, each target's restarts in a row; the first target is the 2nd-ranked class.
    public Tensor Perturb(ImageClassifier classifier, Tensor images, Tensor labels) =>
        StillCorrectPasses.Attack(classifier, images, labels, Options.Seed, Options.TargetClasses * Options.Restarts,
            (x, y, pass, generator) =>
        {
            var restart = pass % Options.Restarts;
            var candidates = SingleRun(classifier, x, y, rank: 2 + pass / Options.Restarts, randomStart: restart > 0,
                generator);
            var size = Perturbations.Norm(candidates - x, Options.Norm);
            return (candidates, classifier.Predict(candidates).ne(y).logical_and(size.le(Options.Epsilon)));
        });

    /// <returns>For each image, the smallest adversarial image found, or the clean image.</returns>
    private Tensor SingleRun(ImageClassifier classifier, Tensor x, Tensor y, int rank, bool randomStart,
        Generator generator)
    {
        using var scope = NewDisposeScope();
        var result = x.clone();
        var correctIndices = Subsets.IndicesOf(classifier.Predict(x).eq(y));
        if (correctIndices.numel() == 0) return result.MoveToOuterDisposeScope();

        // The reference ranks targets on the logits of the images passed to this run, then keeps the correct ones.
        var targets = classifier.ClassOfRank(x, rank).index_select(0, correctIndices);
        var clean = x.index_select(0, correctIndices);
        var labels = y.index_select(0, correctIndices);
        var batch = clean.shape[0];
        var cleanFlat = clean.reshape(batch, -1);
        var best = clean.clone();
        var bestNorm = full(new long[] { batch }, 1e10, dtype: ScalarType.Float32, device: x.device);
        var current = randomStart ? RandomStart(clean, generator) : clean.clone();

        for (var iteration = 0; iteration < Options.Iterations; iteration++)
        {
            using var iterationScope = NewDisposeScope();
            var (difference, gradient) = TargetedDifference(classifier, current, labels, targets);
            using var _ = no_grad();
            // Hyperplane of the linearised z_t - z_y = 0: w·z = b.
            var w = gradient.reshape(batch, -1);
            var b = -difference + (w * current.reshape(batch, -1)).sum(1);
            var projections = Project(cat([current.reshape(batch, -1), cleanFlat], 0), cat([w, w], 0), cat([b, b], 0));
            var fromCurrent = projections.narrow(0, 0, batch).view_as(current);
            var fromClean = projections.narrow(0, batch, batch).view_as(current);

            var distances = Perturbations.NormKeepDims(projections.view(2 * batch, -1), Options.Norm).clamp_min(1e-8)
                .view(2 * batch, 1, 1, 1);
            var toCurrent = distances.narrow(0, 0, batch);
            var toClean = distances.narrow(0, batch, batch);
            var alpha = (toCurrent / (toCurrent + toClean)).clamp(0.0, Options.AlphaMax);
            var next = ((current + Options.Eta * fromCurrent) * (1 - alpha) + (clean + fromClean * Options.Eta) * alpha)
                .clamp(0.0, 1.0);

            var isAdversarial = classifier.Predict(next).ne(labels);
            var size = Perturbations.Norm(next - clean, Options.Norm);
            var smaller = isAdversarial.logical_and(size.lt(bestNorm));
            best.copy_(where(Perturbations.PerImage(smaller, next), next, best));
            bestNorm.copy_(where(smaller, size, bestNorm));
            var pulledBack = clean + (next - clean) * Options.Beta;
            current.copy_(where(Perturbations.PerImage(isAdversarial, next), pulledBack, next));
        }

        var succeeded = Subsets.IndicesOf(bestNorm.lt(1e10));
        if (succeeded.numel() > 0)
            result.index_copy_(0, correctIndices.index_select(0, succeeded), best.index_select(0, succeeded));
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>z_t - z_y at the images and its gradient with respect to them (the reference's
    /// get_diff_logits_grads_batch_targeted).</summary>
    private static (Tensor Difference, Tensor Gradient) TargetedDifference(ImageClassifier classifier, Tensor images,
        Tensor labels, Tensor targets)
    {
        var result = classifier.LossAndGradient(images, logits =>
            logits.gather(1, targets.unsqueeze(1)).squeeze(1) - logits.gather(1, labels.unsqueeze(1)).squeeze(1));
        return (result.Loss, result.Gradient);
    }

    private Tensor Project(Tensor points, Tensor w, Tensor b) => Options.Norm == LpNorm.Linf
        ? HyperplaneProjection.Linf(points, w, b)
        : HyperplaneProjection.L2(points, w, b);

    /// <summary>Restarts after the first start at a random point at half of epsilon from the clean image.</summary>
    private Tensor RandomStart(Tensor clean, Generator generator)
    {
        var noise = Options.Norm == LpNorm.Linf
            ? rand(clean.shape, generator: generator, device: clean.device) * 2 - 1
            : randn(clean.shape, generator: generator, device: clean.device);
        return (clean + Perturbations.Normalize(noise, Options.Norm) * (Options.Epsilon * 0.5)).clamp(0.0, 1.0);
    }

    private static FabOptions Validate(FabOptions options)
    {
        if (options.Epsilon < 0) throw new ArgumentOutOfRangeException(nameof(options), "epsilon must be >= 0");
        if (options.Iterations < 1 || options.Restarts < 1 || options.TargetClasses < 1)
            throw new ArgumentOutOfRangeException(nameof(options),
                "iterations, restarts and target classes must be >= 1");
        return options;
    }
}
