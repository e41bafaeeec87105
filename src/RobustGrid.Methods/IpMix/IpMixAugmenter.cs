using RobustGrid.Training.Augmentations;
using RobustGrid.Training.Augmentations.Pil;
using RobustGrid.Training.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Methods.IpMix;

/// <summary>
/// IPMix's <c>ipmix</c> (cifar.py) for a batch. Per view and sample, k chains; each chain is, w.p. ½, image-level
/// (0..t ops from IPMix's 10 PIL ops) or patch/pixel-level (0..t patch mixings with the sample's mixing picture);
/// the chains are mixed with Dirichlet(1) weights in normalised space and blended with the clean image by
/// m ~ Beta(1, 1). The mixing picture (one random crop of one random set picture) is shared by every chain and view
/// of a sample, as the reference draws it once per __getitem__.
/// </summary>
public sealed class IpMixAugmenter(int k, int t, double beta, int severity, IReadOnlyList<int> patchSizes,
    PixelOverflow overflow)
{
    private readonly OpChainRunner _imageOps = new(PilOpSets.IpMix());
    private readonly PatchMixing _patchMixing = new(patchSizes, beta, overflow);

    /// <param name="images">uint8 N×C×H×W after the standard augmentation.</param>
    /// <param name="mixingSet">uint8 P×C×S×S pictures, S ≥ H, W.</param>
    public Tensor Augment(Tensor images, Tensor mixingSet, int views, Normalization normalization, Generator generator)
    {
        using var scope = NewDisposeScope();
        var (n, h, w, device) = (images.shape[0], images.shape[2], images.shape[3], images.device);
        var pixels = images.to(ScalarType.Float32);
        var pictures = CropPictures(mixingSet, n, h, w, generator).to(ScalarType.Float32);
        var chainCount = views * k;
        var chains = pixels.repeat(chainCount, 1, 1, 1);
        var chainPictures = pictures.repeat(chainCount, 1, 1, 1);
        var total = chainCount * n;
        var patchLevel = RandomDraws.Coin(total, 0.5, generator, device);
        // np.random.randint(t + 1): 0..t ops; a chain of 0 ops is the clean image.
        var opCounts = RandomDraws.Integers(total, 0, t + 1, generator, device);
        chains = _imageOps.Run(chains, opCounts.masked_fill(patchLevel, 0), t, new OpDraw(generator, severity));
        for (var step = 0; step < t; step++)
        {
            var selected = patchLevel.logical_and(opCounts.gt(step)).nonzero().reshape(-1);
            if (selected.shape[0] == 0) continue;
            var mixed = _patchMixing.Apply(chains.index_select(0, selected), chainPictures.index_select(0, selected),
                generator);
            chains = chains.index_copy(0, selected, mixed);
        }
        var shape = images.shape[1..];
        var augmented = normalization.Apply(chains.div(255)).reshape([views, k, n, .. shape]);
        var weights = RandomDraws.Dirichlet(views * n, k, 1.0, generator, device)
            .reshape(views, n, k).permute(0, 2, 1).reshape(views, k, n, 1, 1, 1);
        var mix = augmented.mul(weights).sum(1);
        var m = RandomDraws.Beta(views * n, 1, 1, generator, device).reshape(views, n, 1, 1, 1);
        var clean = normalization.Apply(pixels.div(255)).unsqueeze(0);
        return clean.mul(m.neg().add(1)).add_(mix.mul(m)).reshape([views * n, .. shape]).MoveToOuterDisposeScope();
    }

    /// <summary>One random picture per sample, randomly cropped to H×W (the reference's RandomCrop after
    /// Resize).</summary>
    private static Tensor CropPictures(Tensor mixingSet, long n, long h, long w, Generator generator)
    {
        using var scope = NewDisposeScope();
        var (count, c, size, device) = (mixingSet.shape[0], mixingSet.shape[1], mixingSet.shape[2], mixingSet.device);
        var chosen = mixingSet.index_select(0, RandomDraws.Integers(n, 0, count, generator, device));
        var top = RandomDraws.Integers(n, 0, size - h + 1, generator, device).reshape(n, 1, 1);
        var left = RandomDraws.Integers(n, 0, size - w + 1, generator, device).reshape(n, 1, 1);
        var rows = arange(h, ScalarType.Int64, device).reshape(1, h, 1).add(top);
        var columns = arange(w, ScalarType.Int64, device).reshape(1, 1, w).add(left);
        var index = rows.mul(size).add(columns).reshape(n, 1, h * w).expand(n, c, h * w);
        return chosen.reshape(n, c, size * size).gather(2, index).reshape(n, c, h, w).MoveToOuterDisposeScope();
    }
}
