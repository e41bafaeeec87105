using RobustGrid.Training.Augmentations.Pil;
using RobustGrid.Training.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Augmentations;

/// <summary>
/// AugMix's <c>aug</c> (cifar.py) for a whole batch: for each view and sample, <c>width</c> chains of 1–3
/// (or <c>depth</c>) uniformly chosen ops, mixed with Dirichlet(α) weights in normalised space, then blended with
/// the clean image by m ~ Beta(α, α): (1−m)·pre(x) + m·Σ wᵢ·pre(chainᵢ). <paramref name="ops"/> defaults to the
/// reference's 9 ops; a subset serves ablations.
/// </summary>
public sealed class AugMixAugmenter(int severity, int width, int depth, double alpha,
    IReadOnlyList<IImageOp>? ops = null)
{
    private readonly OpChainRunner _chains = new(ops ?? PilOpSets.AugMix());

    /// <summary>uint8 N×C×H×W images to <paramref name="views"/> independent AugMix views, normalised, [views·N, C, H,
    /// W].</summary>
    public Tensor Augment(Tensor images, int views, Normalization normalization, Generator generator)
    {
        using var scope = NewDisposeScope();
        var (n, device) = (images.shape[0], images.device);
        var pixels = images.to(ScalarType.Float32);
        var chainCount = views * width;
        // Chain r of sample s sits at r·N + s; chain r belongs to view r / width.
        var chains = pixels.repeat(chainCount, 1, 1, 1);
        var opCounts = depth > 0
            ? full([chainCount * n], (long)depth, ScalarType.Int64, device)
            : RandomDraws.Integers(chainCount * n, 1, 4, generator, device);
        chains = _chains.Run(chains, opCounts, depth > 0 ? depth : 3, new OpDraw(generator, severity));
        var shape = images.shape[1..];
        var augmented = normalization.Apply(chains.div(255)).reshape([views, width, n, .. shape]);
        var weights = RandomDraws.Dirichlet(views * n, width, alpha, generator, device)
            .reshape(views, n, width).permute(0, 2, 1).reshape(views, width, n, 1, 1, 1);
        var mix = augmented.mul(weights).sum(1);
        var m = RandomDraws.Beta(views * n, alpha, alpha, generator, device).reshape(views, n, 1, 1, 1);
        var clean = normalization.Apply(pixels.div(255)).unsqueeze(0);
        var result = clean.mul(m.neg().add(1)).add_(mix.mul(m));
        return result.reshape([views * n, .. shape]).MoveToOuterDisposeScope();
    }
}
