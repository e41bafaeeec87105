using RobustGrid.Adversarial.Classifiers;
using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Square;

/// <summary>The margin z_y - max_{i != y} z_i: positive while the image is classified correctly.</summary>
internal static class SquareMargin
{
    public static Tensor Of(ImageClassifier classifier, Tensor images, Tensor labels)
    {
        var logits = classifier.Logits(images);
        var index = labels.unsqueeze(1);
        var labelLogit = logits.gather(1, index).squeeze(1);
        var others = logits.scatter(1, index, full_like(labelLogit.unsqueeze(1), double.NegativeInfinity));
        return labelLogit - others.amax(1);
    }
}
