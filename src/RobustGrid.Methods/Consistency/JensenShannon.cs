using RobustGrid.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Methods.Consistency;

/// <summary>
/// AugMix's Jensen-Shannon consistency term (cifar.py): with M = clamp((p_clean + p_aug1 + p_aug2)/3, 1e-7, 1),
/// JS = (KL(p_clean‖M) + KL(p_aug1‖M) + KL(p_aug2‖M)) / 3, each KL summed over classes and averaged over the
/// batch (PyTorch's reduction='batchmean'). TorchSharp's kl_div defaults to log_target = true and has no
/// batchmean, so this passes log_target: false, sums, and divides by the batch size.
/// </summary>
internal static class JensenShannon
{
    public static Tensor Divergence(Tensor logitsClean, Tensor logitsAug1, Tensor logitsAug2)
    {
        using var scope = NewDisposeScope();
        var clean = nn.functional.softmax(logitsClean, 1);
        var aug1 = nn.functional.softmax(logitsAug1, 1);
        var aug2 = nn.functional.softmax(logitsAug2, 1);
        var logMixture = clean.add(aug1).add_(aug2).div_(3).clamp_(1e-7, 1).log_();
        var batch = logitsClean.shape[0];
        Tensor KlToMixture(Tensor p) =>
            nn.functional.kl_div(logMixture, p, reduction: nn.Reduction.Sum, log_target: false).div(batch);
        return KlToMixture(clean).add(KlToMixture(aug1)).add_(KlToMixture(aug2)).div_(3).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// One forward over cat(clean, aug1, aug2), so batch-norm statistics span all 3B samples as in the reference;
    /// loss = CE(clean) + weight·JS. Returns the loss and the clean logits.
    /// </summary>
    public static MethodStep CleanCrossEntropyPlusConsistency(nn.Module<Tensor, Tensor> model, Tensor clean,
        Tensor augmented, Tensor labels, double weight)
    {
        var batch = clean.shape[0];
        var logits = model.call(cat([clean, augmented], 0));
        var parts = logits.split(batch, 0);
        var loss = nn.functional.cross_entropy(parts[0], labels)
            .add(Divergence(parts[0], parts[1], parts[2]).mul(weight));
        return new MethodStep(loss, parts[0]);
    }
}
