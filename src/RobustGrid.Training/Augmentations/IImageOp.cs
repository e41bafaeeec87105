using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Augmentations;

/// <summary>
/// An image operation on a batch: float32 M×C×H×W tensors holding whole numbers 0..255 (the values of the uint8
/// image the reference implementation would hold), returning the same. Each sample draws its own random
/// parameters from <see cref="OpDraw.Generator"/>.
/// </summary>
public interface IImageOp
{
    string Name { get; }

    Tensor Apply(Tensor pixels, OpDraw draw);
}

/// <summary>The randomness and strength an op is applied with: AugMix's severity bounds each op's level.</summary>
public sealed record OpDraw(Generator Generator, double Severity);
