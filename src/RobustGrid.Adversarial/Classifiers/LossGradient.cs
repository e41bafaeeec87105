using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Classifiers;

/// <summary>One forward and backward pass: logits, the per-image loss and its gradient with respect to the
/// images.</summary>
public sealed record LossGradient(Tensor Logits, Tensor Loss, Tensor Gradient);
