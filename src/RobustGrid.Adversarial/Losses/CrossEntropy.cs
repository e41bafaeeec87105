using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Losses;

/// <summary>Cross-entropy per image (no reduction): the attacks need one loss per image.</summary>
public static class CrossEntropy
{
    public static Tensor PerImage(Tensor logits, Tensor labels) =>
        nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.None);
}
