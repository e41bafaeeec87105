using static TorchSharp.torch;

namespace RobustGrid.Evaluation;

/// <summary>
/// A classifier as the attacks need it: the module itself (attacks differentiate through it) and the per-channel
/// normalisation it was trained with, applied to [0, 1] pixels inside the attacked classifier. Built from a
/// checkpoint by RobustGrid.Training.
/// </summary>
public sealed record ModuleClassifier(string Dataset, string Name, nn.Module<Tensor, Tensor> Module,
    IReadOnlyList<float> Mean, IReadOnlyList<float> Std);
