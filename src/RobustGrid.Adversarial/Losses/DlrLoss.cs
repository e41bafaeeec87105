using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Losses;

/// <summary>
/// The Difference of Logits Ratio losses of Croce and Hein (2020). Both are invariant to shifting and rescaling
/// the logits, which is why APGD-T attacks them instead of cross-entropy (no gradient masking by logit scale).
/// </summary>
public static class DlrLoss
{
    /// <summary>
    /// -(z_y - max_{i != y} z_i) / (z_pi1 - z_pi3 + 1e-12), with z sorted descending as z_pi1 >= z_pi2 >= ...
    /// Needs at least 3 classes.
    /// </summary>
    public static Tensor Untargeted(Tensor logits, Tensor labels)
    {
        var classes = logits.shape[1];
        if (classes < 3) throw new ArgumentException("the DLR loss needs at least 3 classes");
        var (sorted, order) = logits.sort(1);
        var top = sorted.select(1, classes - 1);
        var second = sorted.select(1, classes - 2);
        var third = sorted.select(1, classes - 3);
        var labelIsTop = order.select(1, classes - 1).eq(labels).to_type(ScalarType.Float32);
        var bestOther = second * labelIsTop + top * (1.0 - labelIsTop);
        var labelLogit = logits.gather(1, labels.unsqueeze(1)).squeeze(1);
        return -(labelLogit - bestOther) / (top - third + 1e-12);
    }

    /// <summary>
    /// -(z_y - z_t) / (z_pi1 - (z_pi3 + z_pi4) / 2 + 1e-12) for target class t. Needs at least 4 classes.
    /// </summary>
    public static Tensor Targeted(Tensor logits, Tensor labels, Tensor targets)
    {
        var classes = logits.shape[1];
        if (classes < 4) throw new ArgumentException("the targeted DLR loss needs at least 4 classes");
        var (sorted, _) = logits.sort(1);
        var top = sorted.select(1, classes - 1);
        var third = sorted.select(1, classes - 3);
        var fourth = sorted.select(1, classes - 4);
        var labelLogit = logits.gather(1, labels.unsqueeze(1)).squeeze(1);
        var targetLogit = logits.gather(1, targets.unsqueeze(1)).squeeze(1);
        return -(labelLogit - targetLogit) / (top - 0.5 * (third + fourth) + 1e-12);
    }
}
