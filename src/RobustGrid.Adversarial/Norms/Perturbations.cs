using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Norms;

/// <summary>Per-image norms and normalisation of NCHW tensors, as the reference computes them.</summary>
public static class Perturbations
{
    /// <summary>The norm of each image's tensor, shape [N].</summary>
    public static Tensor Norm(Tensor delta, LpNorm norm)
    {
        var flat = delta.reshape(delta.shape[0], -1);
        return norm switch
        {
            LpNorm.Linf => flat.abs().amax(1),
            LpNorm.L2 => flat.square().sum(1).sqrt(),
            _ => throw new ArgumentOutOfRangeException(nameof(norm)),
        };
    }

    /// <summary>The norm of each image, shaped [N, 1, 1, 1] to broadcast against images.</summary>
    public static Tensor NormKeepDims(Tensor delta, LpNorm norm) => Norm(delta, norm).view(BroadcastShape(delta));

    /// <summary>x / (||x|| + 1e-12) per image; the 1e-12 keeps a zero tensor at zero instead of NaN.</summary>
    public static Tensor Normalize(Tensor x, LpNorm norm) => x / (NormKeepDims(x, norm) + 1e-12);

    /// <summary>[N, 1, 1, ...] for a tensor of shape [N, ...].</summary>
    public static long[] BroadcastShape(Tensor images)
    {
        var shape = new long[images.dim()];
        Array.Fill(shape, 1L);
        shape[0] = -1;
        return shape;
    }

    /// <summary>Turns a per-image [N] mask or value into [N, 1, 1, 1] to select whole images.</summary>
    public static Tensor PerImage(Tensor perImage, Tensor images) => perImage.view(BroadcastShape(images));
}
