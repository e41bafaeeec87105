using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Classifiers;

/// <summary>
/// The model as the attacks see it: images in [0, 1] (NCHW, float32, pixel space) to logits. Attacks perturb pixels,
/// so the epsilon ball and the [0, 1] box are in pixel space; whatever normalisation the model was trained with is
/// applied inside <see cref="Logits"/> (see <see cref="FromModule"/>), never by an attack.
/// </summary>
public sealed class ImageClassifier(Func<Tensor, Tensor> logits)
{
    /// <summary>
    /// Wraps a trained module: switches it to eval mode (batch-norm statistics and dropout frozen, so the model is
    /// deterministic under attack) and prepends the normalisation the module expects. Parameters are left as they
    /// are: attacks ask autograd for the gradient with respect to the input only, so no parameter gradient is
    /// computed or accumulated.
    /// </summary>
    public static ImageClassifier FromModule(nn.Module<Tensor, Tensor> module, PixelNormalization? normalization = null)
    {
        module.eval();
        return normalization is null
            ? new ImageClassifier(module.call)
            : new ImageClassifier(images => module.call(normalization.Apply(images)));
    }

    public Tensor Logits(Tensor images) => logits(images);

    /// <summary>Predicted class per image, without building an autograd graph.</summary>
    public Tensor Predict(Tensor images)
    {
        using var _ = no_grad();
        return logits(images).argmax(1);
    }

    /// <summary>The class with the <paramref name="rank"/>-th highest logit per image (rank 1 is the prediction):
    /// how APGD-T and FAB-T pick their targets.</summary>
    public Tensor ClassOfRank(Tensor images, int rank)
    {
        using var _ = no_grad();
        var output = logits(images);
        var classes = output.shape[1];
        if (rank < 1 || rank > classes)
            throw new ArgumentOutOfRangeException(nameof(rank), $"rank {rank} of {classes} classes");
        return output.argsort(1).select(1, classes - rank);
    }

    /// <summary>
    /// Logits, a per-image loss and the gradient of the summed loss with respect to the images only. Summing is
    /// what the reference does: images do not interact in eval mode, so each image gets its own loss gradient.
    /// </summary>
    public LossGradient LossAndGradient(Tensor images, Func<Tensor, Tensor> perImageLoss)
    {
        using var _ = enable_grad();
        var input = images.detach().requires_grad_(true);
        var output = logits(input);
        var loss = perImageLoss(output);
        var gradient = torch.autograd.grad([loss.sum()], [input])[0];
        return new LossGradient(output.detach(), loss.detach(), gradient.detach());
    }
}
