using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Core;

/// <summary>
/// One CIFAR-10-C corruption, batched. <see cref="Apply"/> receives uint8 RGB images [N, 3, 32, 32] on any device and
/// returns, on the same device, either the pixel values before the reference's <c>np.uint8</c> cast as floats in
/// [0, 1], or an exact uint8 tensor when the reference itself ends in 8-bit (JPEG, pixelate, motion blur).
/// All randomness comes from <paramref name="generator"/>, so a seed fixes the result.
/// </summary>
public interface ICorruption
{
    string Name { get; }
    CorruptionFamily Family { get; }

    /// <summary>True for the 15 corruptions averaged into mCE; false for the 4 extras.</summary>
    bool IsBenchmark { get; }

    /// <summary>False when the reference draws no random numbers, so its output can be compared pixel by
    /// pixel.</summary>
    bool IsRandom { get; }

    Tensor Apply(Tensor images, int severity, Generator generator);
}
