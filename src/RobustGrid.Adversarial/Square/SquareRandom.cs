using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Square;

/// <summary>The reference's random helpers, drawn from one seeded generator in the same order.</summary>
internal sealed class SquareRandom(Generator generator, Device device)
{
    /// <summary>Uniform signs (+1 or -1) of the given shape.</summary>
    public Tensor Signs(params long[] shape) => (rand(shape, generator: generator, device: device) * 2 - 1).sign();

    /// <summary>An integer in [low, high): low + floor((high - low) * U), as the reference's random_int.</summary>
    public int Integer(int low, int high)
    {
        using var u = rand(new long[] { 1 }, generator: generator, device: device);
        return low + (int)Math.Floor((high - low) * u.item<float>());
    }

    /// <summary>True with probability 1/2 (the reference's torch.rand([1]) > 0.5).</summary>
    public bool Coin()
    {
        using var u = rand(new long[] { 1 }, generator: generator, device: device);
        return u.item<float>() > 0.5f;
    }
}
