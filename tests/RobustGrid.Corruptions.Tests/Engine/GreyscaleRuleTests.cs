using RobustGrid.Corruptions.Core;
using RobustGrid.Data.Catalog;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Tests.Engine;

/// <summary>The 28×28 grey rule (pad to 32 with black, corrupt as RGB, crop, keep one channel) on real
/// Fashion-MNIST.</summary>
public sealed class GreyscaleRuleTests
{
    private static readonly CorruptionEngine Engine = CorruptionEngine.Default();

    [Fact]
    public void FashionMnistImagesKeepTheirShapeAndGetFullStrengthNoise()
    {
        var test = DatasetCatalog.Default().Load("fashion-mnist").Test.Take(64);
        Assert.Equal((28, 28, 1), (test.Height, test.Width, test.Channels));
        using var input = tensor(test.Pixels, [test.Count, 28, 28, 1]);
        foreach (var corruption in Engine.Registry.All)
        {
            using var output = Engine.Corrupt(input, corruption.Name, 3, seed: 0);
            Assert.Equal(new long[] { test.Count, 28, 28, 1 }, output.shape);
        }

        // Gaussian noise σ = 0.08 at severity 3: on mid-grey pixels the change keeps σ·255 ≈ 20.4, not σ/√3.
        using var noisy = Engine.Corrupt(input, "gaussian_noise", 3, seed: 0);
        var clean = test.Pixels;
        var y = noisy.data<byte>().ToArray();
        double sumSq = 0;
        long n = 0;
        for (var i = 0; i < clean.Length; i++)
        {
            if (clean[i] is < 70 or > 185) continue;
            var d = y[i] + 0.5 - clean[i];
            sumSq += d * d;
            n++;
        }
        var std = Math.Sqrt(sumSq / n);
        Assert.InRange(std, 0.08 * 255 * 0.95, 0.08 * 255 * 1.05);
    }

    [Fact]
    public void GreyOutputIsTheRedChannelOfThePaddedRgbResult()
    {
        var test = DatasetCatalog.Default().Load("fashion-mnist").Test.Take(8);
        using var grey = tensor(test.Pixels, [8, 28, 28, 1]);
        using var rgb = nn.functional.pad(grey.expand(8, 28, 28, 3).permute(0, 3, 1, 2), [2, 2, 2, 2])
            .permute(0, 2, 3, 1).contiguous();
        using var fromGrey = Engine.Corrupt(grey, "zoom_blur", 4, seed: 0);
        using var fromRgb = Engine.Corrupt(rgb, "zoom_blur", 4, seed: 0);
        using var expected = fromRgb[.., 2..30, 2..30, ..1].contiguous();
        Assert.Equal(expected.data<byte>().ToArray(), fromGrey.data<byte>().ToArray());
    }
}
