using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Classifiers;

/// <summary>
/// Per-channel (x - mean) / std applied between the attack (pixel space, [0, 1]) and the model, so the attacks
/// respect the dataset's normalisation without knowing about it.
/// </summary>
public sealed record PixelNormalization(IReadOnlyList<float> Mean, IReadOnlyList<float> Std)
{
    public Tensor Apply(Tensor images)
    {
        var channels = Mean.Count;
        if (Std.Count != channels || images.shape[1] != channels)
            throw new ArgumentException($"normalisation has {channels} channels, images have {images.shape[1]}");
        var mean = tensor(Mean.ToArray(), device: images.device).view(1, channels, 1, 1);
        var std = tensor(Std.ToArray(), device: images.device).view(1, channels, 1, 1);
        return (images - mean) / std;
    }
}
