using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Perturbations;

/// <summary>
/// One CIFAR-10-P perturbation: a short video made from each image, frame by frame a little more (or, for noise, a
/// fresh draw of the same) perturbation, on which a classifier's predictions should stay put.
/// </summary>
public interface IPerturbation
{
    string Name { get; }

    /// <summary>Frames of each sequence.</summary>
    int Frames { get; }

    /// <summary>True for noise: frames are independent draws around the image, so stability compares each frame
    /// with the first rather than with the one before it.</summary>
    bool IsNoise { get; }

    /// <summary>False when the reference draws no random numbers, so its frames can be compared pixel by
    /// pixel.</summary>
    bool IsRandom { get; }

    /// <param name="images">uint8 RGB [N, 3, 32, 32].</param>
    /// <returns>uint8 [N, <see cref="Frames"/>, 3, 32, 32], on the images' device.</returns>
    Tensor Sequence(Tensor images, Generator generator);
}
