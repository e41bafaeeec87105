using RobustGrid.TestTime.Shifts;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.TestTime.Tests;

/// <summary>
/// A small corruption suite for fast tests of the enhancers' training: five simple corruptions with CIFAR-10-C-like
/// severity parameters (Gaussian noise, impulse noise, contrast, brightness, Gaussian blur), cheaper than the engine's
/// 15. It is not CIFAR-10-C or MNIST-C.
/// </summary>
internal sealed class StandInCorruptions : ICorruptionSuite
{
    private static readonly double[] NoiseSigma = [0.04, 0.06, 0.08, 0.09, 0.10];
    private static readonly double[] ImpulseAmount = [0.01, 0.02, 0.03, 0.05, 0.07];
    private static readonly double[] ContrastFactor = [0.75, 0.5, 0.4, 0.3, 0.15];
    private static readonly double[] BrightnessShift = [0.1, 0.2, 0.3, 0.4, 0.5];
    private static readonly double[] BlurSigma = [0.4, 0.6, 0.7, 0.8, 1.0];

    public string Name => "stand-in corruptions (5 simple ones, not CIFAR-10-C)";
    public IReadOnlyList<string> Corruptions { get; } =
        ["gaussian-noise", "impulse-noise", "contrast", "brightness", "gaussian-blur"];
    public int Severities => 5;

    public Tensor Apply(Tensor byteImages, int corruption, int severity, Generator generator)
    {
        using var scope = NewDisposeScope();
        var x = byteImages.to(ScalarType.Float32).div(255.0);
        var s = severity - 1;
        var device = byteImages.device;
        Tensor result = corruption switch
        {
            0 => x.add(randn(x.shape, generator: generator, device: CPU).to(device).mul(NoiseSigma[s])),
            1 => Impulse(x, ImpulseAmount[s], generator),
            2 => x.sub(x.mean([1, 2, 3], keepdim: true)).mul(ContrastFactor[s]).add(x.mean([1, 2, 3], keepdim: true)),
            3 => x.add(BrightnessShift[s]),
            4 => Blur(x, BlurSigma[s]),
            _ => throw new ArgumentOutOfRangeException(nameof(corruption)),
        };
        return result.clamp(0.0, 1.0).MoveToOuterDisposeScope();
    }

    private static Tensor Impulse(Tensor x, double amount, Generator generator)
    {
        var u = rand(x.shape, generator: generator, device: CPU).to(x.device);
        var salt = u.lt(amount / 2);
        var pepper = u.ge(amount / 2).logical_and(u.lt(amount));
        return where(salt, ones_like(x), where(pepper, zeros_like(x), x));
    }

    private static Tensor Blur(Tensor x, double sigma)
    {
        var radius = (int)Math.Ceiling(3 * sigma);
        var taps = Enumerable.Range(-radius, 2 * radius + 1).Select(i => (float)Math.Exp(-i * i / (2 * sigma * sigma)))
            .ToArray();
        var sum = taps.Sum();
        var kernel1d = tensor(taps.Select(t => t / sum).ToArray(), device: x.device);
        var channels = x.shape[1];
        var horizontal = kernel1d.view(1, 1, 1, -1).repeat(channels, 1, 1, 1);
        var vertical = kernel1d.view(1, 1, -1, 1).repeat(channels, 1, 1, 1);
        var padded = nn.functional.pad(x, [radius, radius, radius, radius], PaddingModes.Reflect);
        return nn.functional.conv2d(nn.functional.conv2d(padded, horizontal, groups: channels), vertical,
            groups: channels);
    }
}
