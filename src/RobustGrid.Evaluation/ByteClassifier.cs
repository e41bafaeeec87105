using static TorchSharp.torch;

namespace RobustGrid.Evaluation;

/// <summary>
/// A classifier as the corruption and clean evaluators see it: uint8 NCHW batches in, logits [B, classes] out, with
/// any normalisation inside <see cref="Logits"/>. <see cref="Dataset"/> is what it was trained on (a suite of another
/// dataset is refused); <see cref="Name"/> labels its report. Built from a checkpoint by RobustGrid.Training.
/// </summary>
public sealed record ByteClassifier(string Dataset, string Name, Func<Tensor, Tensor> Logits);
