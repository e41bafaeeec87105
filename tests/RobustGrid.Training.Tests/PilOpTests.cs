using RobustGrid.Training.Augmentations;
using RobustGrid.Training.Augmentations.Pil;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Tests;

/// <summary>Each point op against values computed by hand from Pillow's ImageOps formulas.</summary>
public sealed class PilOpTests
{
    private static readonly OpDraw Draw = new(new Generator(3, CPU), 3);

    [Fact]
    public void AutocontrastStretchesEachChannelWithPillowsTruncation()
    {
        // lo 50, hi 150: scale 2.55, offset -127.5; 100 -> int(127.5) = 127. The constant channel stays as it is.
        var image = Pixels.Image(new double[,] { { 50, 100, 150 } }, new double[,] { { 7, 7, 7 } });
        Assert.Equal([0f, 127f, 255f, 7f, 7f, 7f], Pixels.Values(new Autocontrast().Apply(image, Draw)));
    }

    [Fact]
    public void EqualizeUsesPillowsLookUpTable()
    {
        // 1024 pixels: 512 x 10, 256 x 50, 256 x 90. step = (1024 - 256) // 255 = 3; lut[i] = (1 + below(i)) // 3:
        // 10 -> 0, 50 -> 513 // 3 = 171, 90 -> 769 // 3 = 256, clipped to 255.
        var grid = new double[32, 32];
        for (var i = 0; i < 1024; i++) grid[i / 32, i % 32] = i < 512 ? 10 : i < 768 ? 50 : 90;
        var values = Pixels.Values(new Equalize().Apply(Pixels.Image(grid), Draw));
        Assert.Equal(0f, values[0]);
        Assert.Equal(171f, values[600]);
        Assert.Equal(255f, values[1000]);
    }

    [Fact]
    public void EqualizeLeavesAChannelUnchangedWhenItsStepIsZero()
    {
        var image = Pixels.Image(new double[,] { { 3, 3, 200, 9 } });
        Assert.Equal([3f, 3f, 200f, 9f], Pixels.Values(new Equalize().Apply(image, Draw)));
    }

    [Fact]
    public void PosterizeKeepsTheTopBits()
    {
        var image = Pixels.Image(new double[,] { { 255, 37, 31, 128 } });
        Assert.Equal([224f, 32f, 0f, 128f], Pixels.Values(Posterize.KeepTopBits(image, tensor(new[] { 3L }))));
        Assert.Equal([240f, 32f, 16f, 128f], Pixels.Values(Posterize.KeepTopBits(image, tensor(new[] { 4L }))));
    }

    [Fact]
    public void SolarizeInvertsValuesAtOrAboveTheThreshold()
    {
        var image = Pixels.Image(new double[,] { { 179, 180, 254, 0 } });
        Assert.Equal([179f, 75f, 1f, 0f], Pixels.Values(Solarize.InvertAbove(image, tensor(new[] { 180L }))));
    }

    [Fact]
    public void MirrorAndInvertAreIpMixsExtraOps()
    {
        var image = Pixels.Image(new double[,] { { 0, 10, 255 } });
        Assert.Equal([255f, 10f, 0f], Pixels.Values(new Mirror().Apply(image, Draw)));
        Assert.Equal([255f, 245f, 0f], Pixels.Values(new Invert().Apply(image, Draw)));
    }

    [Fact]
    public void LevelsFollowAugMixsIntParameterAtSeverityThree()
    {
        // level in U(0.1, 3): posterize bits 4 - int(level*4/10) in {3, 4}; solarize threshold 256 - int(level*25.6)
        // in [180, 254]; rotation int(level*3) in [0, 8]; translation on 28 px int(level*28/30) in [0, 2].
        var level = PilLevels.SampleLevel(10_000, Draw, CPU);
        Assert.True(level.min().item<double>() >= 0.1 && level.max().item<double>() < 3);
        var bits = PilLevels.IntParameter(level, 4).neg().add(4);
        Assert.Equal(3.0, bits.min().item<double>());
        Assert.Equal(4.0, bits.max().item<double>());
        var threshold = PilLevels.IntParameter(level, 256).neg().add(256);
        Assert.InRange(threshold.min().item<double>(), 180, 181);
        Assert.Equal(254.0, threshold.max().item<double>());
        Assert.Equal(8.0, PilLevels.IntParameter(level, 30).max().item<double>());
        Assert.Equal(2.0, PilLevels.IntParameter(level, 28 / 3.0).max().item<double>());
    }

    [Fact]
    public void EveryAugMixOpKeepsWholeByteValues()
    {
        var image = rand(16, 3, 12, 12, generator: new Generator(1, CPU)).mul(255).floor();
        foreach (var op in PilOpSets.AugMix().Concat(PilOpSets.IpMix()))
        {
            var result = op.Apply(image, Draw);
            Assert.Equal(image.shape, result.shape);
            Assert.True(result.eq(result.floor()).all().item<bool>(), op.Name);
            Assert.True(result.min().item<float>() >= 0 && result.max().item<float>() <= 255, op.Name);
        }
    }

    [Fact]
    public void ContrastBlendsWithTheRoundedMeanOfTheLuminanceAndTruncates()
    {
        // Grey: mean 85 -> int(85.5) = 85; f = 0.5: 85 + 0.5·(v − 85) = 42.5, 92.5, 142.5, 62.5 -> 42, 92, 142, 62.
        var grey = Pixels.Image(new double[,] { { 0, 100, 200, 40 } });
        Assert.Equal([42f, 92f, 142f, 62f], Pixels.Values(Contrast.Blend(grey, tensor(new[] { 0.5 }))));
        // RGB: L = (19595·255 + 0x8000) >> 16 = 76 and 0, mean int(38.5) = 38; 255 -> 146.5, 0 -> 19.
        var rgb = Pixels.Image(new double[,] { { 255, 0 } }, new double[,] { { 0, 0 } }, new double[,] { { 0, 0 } });
        Assert.Equal([146f, 19f, 19f, 19f, 19f, 19f], Pixels.Values(Contrast.Blend(rgb, tensor(new[] { 0.5 }))));
    }

    [Fact]
    public void ContrastAtSeverityThreeAlwaysLiftsABlackBackground()
    {
        // f = U(0.1, 3)·0.18 + 0.1 lies in [0.118, 0.64): a black pixel becomes trunc((1 − f)·mean) > 0.
        var image = zeros(64, 1, 8, 8);
        image.narrow(2, 2, 4).narrow(3, 2, 4).fill_(200);
        var result = new Contrast().Apply(image, Draw);
        var background = result.select(2, 0).select(2, 0);
        Assert.True(background.min().item<float>() >= 17 && background.max().item<float>() <= 44);
    }
}
