using RobustGrid.Training.Augmentations;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Methods.IpMix;

/// <summary>
/// IPMix's four mixing operations (IPMix_utils.py) on [0, 1] images, one per sample (op index 0–3):
/// add: (a(2x₁−1) + b(2x₂−1) + 1)/2; multiply: (2x₁)^a·max(2x₂, 1e−37)^b / 2, with (a, b) from get_ab(β);
/// random_pixels / random_elems: keep x₁ where rand &lt; r (one mask per pixel / per element), r ~ U(0, 1).
/// All four are computed for every sample and the drawn one is selected, so no sample waits on another.
/// </summary>
internal static class PixelMixings
{
    public const int Count = 4;

    public static Tensor Mix(Tensor first, Tensor second, Tensor opIndex, double beta, Generator generator)
    {
        using var scope = NewDisposeScope();
        var (m, c, h, w) = (first.shape[0], first.shape[1], first.shape[2], first.shape[3]);
        var device = first.device;
        var (a, b) = DrawAb(m, beta, generator, device);
        var add = a.mul(first.mul(2).sub_(1)).add_(b.mul(second.mul(2).sub_(1))).add_(1).div_(2);
        var multiply = first.mul(2).pow(a).mul_(second.mul(2).clamp_min_(1e-37).pow(b)).div_(2);
        var threshold = rand([m, 1, 1, 1], ScalarType.Float32, device, generator: generator);
        var pixelMask = rand([m, 1, h, w], ScalarType.Float32, device, generator: generator).lt(threshold);
        var elementMask = rand([m, c, h, w], ScalarType.Float32, device, generator: generator).lt(threshold);
        var randomPixels = where(pixelMask, first, second);
        var randomElements = where(elementMask, first, second);
        var op = opIndex.reshape(m, 1, 1, 1);
        var result = where(op.eq(0), add, where(op.eq(1), multiply, where(op.eq(2), randomPixels, randomElements)));
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>PixMix/IPMix get_ab: w.p. ½ a ~ Beta(β,1), b ~ Beta(1,β); else a = 1 + Beta(1,β), b =
    /// −Beta(1,β).</summary>
    private static (Tensor A, Tensor B) DrawAb(long m, double beta, Generator generator, Device device)
    {
        var firstBranch = RandomDraws.Coin(m, 0.5, generator, device).reshape(m, 1, 1, 1);
        var a1 = RandomDraws.Beta(m, beta, 1, generator, device).reshape(m, 1, 1, 1);
        var b1 = RandomDraws.Beta(m, 1, beta, generator, device).reshape(m, 1, 1, 1);
        var a2 = RandomDraws.Beta(m, 1, beta, generator, device).reshape(m, 1, 1, 1).add(1);
        var b2 = RandomDraws.Beta(m, 1, beta, generator, device).reshape(m, 1, 1, 1).neg();
        return (where(firstBranch, a1, a2), where(firstBranch, b1, b2));
    }
}
