using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Methods.AdvBn;

/// <summary>
/// AdvBN's <c>perturb</c> (train_imagenet.py): with μ the per-channel feature mean over (N, H, W), features become
/// (f − μ)·b + μ·a for one multiplier pair (a, b) per channel shared by the whole batch, found by sign-gradient
/// ascent on CE of the adversarial head (eval mode) from a = b = 1, each step clamped to [1 − ε, 1 + ε]
/// ([−0.1, 2.1] at ε = 1.1). For stems that end in a ReLU the result is clamped at 0, as the reference does for
/// ResNets.
/// </summary>
internal sealed class FeatureStatisticsAttack(int repeats, double stepSize, double epsilon)
{
    public sealed record Result(Tensor Features, Tensor MeanMultiplier, Tensor StdMultiplier);

    public Result Perturb(AdvBnModel model, Tensor features, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var channels = features.shape[1];
        var mean = features.detach().mean([0, 2, 3], keepdim: true);
        var centered = features.detach().sub(mean);
        var a = ones([1, channels, 1, 1], features.dtype, features.device);
        var b = ones([1, channels, 1, 1], features.dtype, features.device);
        var wasTraining = model.training;
        model.eval();
        using (enable_grad())
        {
            for (var i = 0; i < repeats; i++)
            {
                using var step = NewDisposeScope();
                var meanScale = a.detach().requires_grad_(true);
                var stdScale = b.detach().requires_grad_(true);
                var logits = model.Head(Compose(centered, mean, meanScale, stdScale, model.StemOutputIsRectified),
                    adversarial: true);
                var loss = nn.functional.cross_entropy(logits, labels);
                var gradients = autograd.grad([loss], [meanScale, stdScale]);
                a = meanScale.detach().add(gradients[0].sign().mul_(stepSize)).clamp_(1 - epsilon, 1 + epsilon)
                    .MoveToOuterDisposeScope();
                b = stdScale.detach().add(gradients[1].sign().mul_(stepSize)).clamp_(1 - epsilon, 1 + epsilon)
                    .MoveToOuterDisposeScope();
            }
        }
        model.train(wasTraining);
        var perturbed = Compose(centered, mean, a, b, model.StemOutputIsRectified).detach();
        return new Result(perturbed.MoveToOuterDisposeScope(), a.MoveToOuterDisposeScope(),
            b.MoveToOuterDisposeScope());
    }

    private static Tensor Compose(Tensor centered, Tensor mean, Tensor meanScale, Tensor stdScale, bool rectified)
    {
        var features = centered.mul(stdScale).add(mean.mul(meanScale));
        return rectified ? features.clamp_min(0) : features;
    }
}
