using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Evaluation;

/// <summary>
/// A result and the adversarial images behind it: for each point fooled, the image of the first attack that fooled
/// it; the clean image for the others (as the reference returns them). Dispose to free the images.
/// </summary>
public sealed class AdversarialEvaluation(RobustnessResult result, Tensor adversarialImages) : IDisposable
{
    public RobustnessResult Result { get; } = result;

    public Tensor AdversarialImages { get; } = adversarialImages;

    public void Dispose() => AdversarialImages.Dispose();
}
