using RobustGrid.Adversarial.Classifiers;
using RobustGrid.Adversarial.Norms;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Apgd;

/// <summary>
/// One APGD run (`attack_single_run` in the reference) on a batch: random start on the sphere of radius epsilon,
/// then <c>Iterations</c> steps with momentum, projection onto the ball and [0, 1], and the checkpointed step-size
/// schedule, which sends an image back to its best point whenever its step size is halved.
/// </summary>
internal static class ApgdRun
{
    /// <returns>The first misclassified iterate of each image (the starting point where none was) and the [N] mask
    /// of images never misclassified.</returns>
    public static (Tensor Adversarial, Tensor StillCorrect) Run(
        ApgdOptions options, ImageClassifier classifier, Tensor x, Tensor y, Func<Tensor, Tensor> loss,
        Generator generator)
    {
        using var scope = NewDisposeScope();
        var norm = options.Norm;
        var eps = options.Epsilon;

        Tensor start;
        using (no_grad())
        {
            var noise = norm == LpNorm.Linf
                ? rand(x.shape, generator: generator, device: x.device) * 2 - 1
                : randn(x.shape, generator: generator, device: x.device);
            start = (x + eps * Perturbations.Normalize(noise, norm)).clamp(0.0, 1.0);
        }

        var first = classifier.LossAndGradient(start, loss);
        var adversarial = start;
        var gradient = first.Gradient;
        var best = start.clone();
        var bestAdversarial = start.clone();
        var bestGradient = gradient.clone();
        var bestLoss = first.Loss.clone();
        var stillCorrect = first.Logits.argmax(1).eq(y);
        var stepSize = full(new long[] { x.shape[0], 1, 1, 1 }, ApgdOptions.InitialStepFactor * eps,
            dtype: ScalarType.Float32, device: x.device);
        var previous = adversarial.clone();
        using var schedule = new ApgdStepSizeSchedule(options.Iterations, options.Rho, bestLoss);

        for (var i = 0; i < options.Iterations; i++)
        {
            using var iterationScope = NewDisposeScope();
            Tensor next;
            using (no_grad())
            {
                var momentumTerm = adversarial - previous;
                previous.copy_(adversarial);
                // The first step has no history to follow.
                var a = i > 0 ? ApgdOptions.Momentum : 1.0;
                next = Step(norm, eps, x, adversarial, gradient, stepSize, momentumTerm, a);
            }

            var result = classifier.LossAndGradient(next, loss);
            using (no_grad())
            {
                var correct = result.Logits.argmax(1).eq(y);
                stillCorrect.logical_and_(correct);
                bestAdversarial.copy_(where(PerImage(correct.logical_not(), x), next, bestAdversarial));

                var improved = result.Loss.gt(bestLoss);
                best.copy_(where(PerImage(improved, x), next, best));
                bestGradient.copy_(where(PerImage(improved, x), result.Gradient, bestGradient));
                bestLoss.copy_(where(improved, result.Loss, bestLoss));

                var nextGradient = result.Gradient;
                var halve = schedule.Record(i, result.Loss, bestLoss);
                if (halve is not null)
                {
                    var halveImage = PerImage(halve, x);
                    stepSize.copy_(where(halveImage, stepSize / 2.0, stepSize));
                    next = where(halveImage, best, next);
                    nextGradient = where(halveImage, bestGradient, nextGradient);
                }
                adversarial.copy_(next);
                gradient.copy_(nextGradient);
            }
        }
        return (bestAdversarial.MoveToOuterDisposeScope(), stillCorrect.MoveToOuterDisposeScope());
    }

    private static Tensor Step(LpNorm norm, double eps, Tensor x, Tensor current, Tensor gradient, Tensor stepSize,
        Tensor momentumTerm, double a)
    {
        if (norm == LpNorm.Linf)
        {
            var z = ProjectLinf(current + stepSize * gradient.sign(), x, eps);
            return ProjectLinf(current + (z - current) * a + momentumTerm * (1 - a), x, eps);
        }
        var zL2 = ProjectL2(current + stepSize * Perturbations.Normalize(gradient, LpNorm.L2), x, eps);
        return ProjectL2(current + (zL2 - current) * a + momentumTerm * (1 - a), x, eps);
    }

    private static Tensor ProjectLinf(Tensor point, Tensor x, double eps) =>
        minimum(maximum(point, x - eps), x + eps).clamp(0.0, 1.0);

    private static Tensor ProjectL2(Tensor point, Tensor x, double eps)
    {
        var delta = point - x;
        var radius = Perturbations.NormKeepDims(delta, LpNorm.L2).clamp_max(eps);
        return (x + Perturbations.Normalize(delta, LpNorm.L2) * radius).clamp(0.0, 1.0);
    }

    private static Tensor PerImage(Tensor mask, Tensor images) => Perturbations.PerImage(mask, images);
}
