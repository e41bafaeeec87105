using RobustGrid.Training.Augmentations;
using RobustGrid.Training.Data;
using RobustGrid.Methods.AugMix;
using RobustGrid.Methods.IpMix;
using RobustGrid.Methods.IpMix.MixingSets;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Methods.Tests;

public sealed class MixingTests
{
    [Fact]
    public void DirichletAndBetaDrawsAreConvexWeights()
    {
        var generator = new Generator(4, CPU);
        var weights = RandomDraws.Dirichlet(5_000, 3, 1.0, generator, CPU);
        Assert.True(weights.min().item<float>() >= 0);
        Assert.True(weights.sum(1).sub(1).abs().max().item<float>() < 1e-5);
        // Dirichlet(1,1,1) has mean 1/3 per weight.
        Assert.InRange(weights.mean().item<float>(), 0.33f, 0.34f);
        var m = RandomDraws.Beta(5_000, 1, 1, generator, CPU);
        Assert.True(m.min().item<float>() >= 0 && m.max().item<float>() <= 1);
        Assert.InRange(m.mean().item<float>(), 0.48f, 0.52f);
    }

    [Fact]
    public void AugMixOfABlackImageIsBlackBecauseTheMixIsConvex()
    {
        // Every AugMix op maps an all-black image to itself; a convex mix of -1s must give exactly -1.
        var images = zeros([8, 1, 28, 28], ScalarType.Byte);
        var views = new AugMixAugmenter(3, 3, -1, 1.0).Augment(images, 2, Normalization.SymmetricUnit(1),
            new Generator(1, CPU));
        Assert.Equal(new long[] { 16, 1, 28, 28 }, views.shape);
        Assert.True(views.add(1).abs().max().item<float>() < 1e-5);
    }

    [Fact]
    public void AugMixViewsStayInTheNormalisedRangeAndDiffer()
    {
        var images = randint(0, 256, [16, 3, 32, 32], ScalarType.Byte, generator: new Generator(2, CPU));
        var views = new AugMixAugmenter(3, 3, -1, 1.0).Augment(images, 2, Normalization.SymmetricUnit(3),
            new Generator(1, CPU));
        Assert.True(views.min().item<float>() >= -1 - 1e-5 && views.max().item<float>() <= 1 + 1e-5);
        var clean = Normalization.SymmetricUnit(3).FromBytes(images);
        Assert.True(views.narrow(0, 0, 16).sub(clean).abs().mean().item<float>() > 0.01);
        Assert.True(views.narrow(0, 0, 16).sub(views.narrow(0, 16, 16)).abs().mean().item<float>() > 0.01);
    }

    [Fact]
    public void AugMixIsDeterministicForAGeneratorSeed()
    {
        var images = randint(0, 256, [8, 1, 28, 28], ScalarType.Byte, generator: new Generator(2, CPU));
        var augmenter = new AugMixAugmenter(3, 3, -1, 1.0);
        var first = augmenter.Augment(images, 2, Normalization.SymmetricUnit(1), new Generator(7, CPU));
        var second = augmenter.Augment(images, 2, Normalization.SymmetricUnit(1), new Generator(7, CPU));
        Assert.True(first.eq(second).all().item<bool>());
    }

    [Fact]
    public void IpMixViewsStayInRangeAndUseTheMixingPictures()
    {
        var images = zeros([32, 1, 28, 28], ScalarType.Byte);
        Tensor Views(byte grey) => new IpMixAugmenter(3, 3, 3.0, 3, [4, 8, 16, 32], PixelOverflow.Wrap)
            .Augment(images, full([4, 1, 31, 31], grey, ScalarType.Byte), 2, Normalization.SymmetricUnit(1),
                new Generator(3, CPU));
        var views = Views(200);
        Assert.True(views.min().item<float>() >= -1 - 1e-5 && views.max().item<float>() <= 1 + 1e-5);
        // The same draws with darker pictures give other views: the pictures are mixed in. (Black images brighten under
        // an invert too, so brightening alone would not show it.)
        var difference = views.sub(Views(60)).abs().max().item<float>();
        Assert.True(difference > 0.1, $"views with pictures of 200 and of 60 differ by {difference} at most");
    }

    [Fact]
    public void PatchMixingChangesOnePatchAndQuantisesToBytes()
    {
        var pixels = full([64, 1, 28, 28], 100f);
        var pictures = full([64, 1, 28, 28], 30f);
        var mixed = new PatchMixing([4, 8, 16, 32], 3.0, PixelOverflow.Wrap)
            .Apply(pixels, pictures, new Generator(5, CPU));
        Assert.True(mixed.eq(mixed.floor()).all().item<bool>());
        Assert.True(mixed.min().item<float>() >= 0 && mixed.max().item<float>() <= 255);
        var changedImages = 0;
        for (var i = 0; i < 64; i++)
        {
            var changed = mixed[i, 0].ne(100);
            var rows = changed.any(1).nonzero().reshape(-1);
            var columns = changed.any(0).nonzero().reshape(-1);
            if (rows.shape[0] == 0) continue;
            changedImages++;
            // Patch sides are at most the capped patch size (28) and the smallest patch is 2 wide.
            Assert.InRange(rows[-1].item<long>() - rows[0].item<long>() + 1, 1, 28);
            Assert.InRange(columns[-1].item<long>() - columns[0].item<long>() + 1, 1, 28);
        }
        Assert.True(changedImages > 32, $"{changedImages} of 64 images changed");
    }

    /// <summary>
    /// Mixes and the bytes that PyTorch's <c>mul(255).byte()</c> makes of them, from
    /// Fixtures/ipmix_overflow_reference.py: IPMix's add/multiply with fixed (a, b), then plain edge values.
    /// </summary>
    private static readonly (float Mix, int Byte)[] ReferenceBytes =
    [
        (-0.19999999f, 206), (-0.47499996f, 135), (1.425f, 107), (-0.31f, 177), (1.25f, 62), (1.09f, 21),
        (6.312567f, 73), (5757.131f, 164), (178039110000.0f, 0), (2.665373f, 167), (0.8181445f, 208), (0.5f, 127),
        (-1.0f, 1), (-0.5f, 129), (-0.003f, 0), (0.0f, 0), (0.5f, 127), (1.0f, 255), (1.003f, 255), (1.004f, 0),
        (2.0f, 254), (11764.7f, 190), (65793.4f, 100), (3.9e+16f, 0), (float.PositiveInfinity, 0),
        (float.NegativeInfinity, 0),
    ];

    [Fact]
    public void OutOfRangeMixesWrapAsTheReferencesByteCastOrClampOnRequest()
    {
        var mixes = tensor(ReferenceBytes.Select(r => r.Mix).ToArray());
        var wrapped = PatchMixing.ToByteValues(mixes, PixelOverflow.Wrap).data<float>().ToArray();
        Assert.Equal(ReferenceBytes.Select(r => (float)r.Byte), wrapped);
        var clamped = PatchMixing.ToByteValues(mixes, PixelOverflow.Clamp).data<float>().ToArray();
        Assert.Equal(ReferenceBytes.Select(r => MathF.Truncate(Math.Clamp(r.Mix * 255, 0, 255))), clamped);
    }

    [Fact]
    public void PatchMixingOfBlackOnBlackWrapsNegativeAddsToBrightPixels()
    {
        // With x₁ = x₂ = 0, add gives (1 − a − b)/2 in (−½, ½): negative whenever a + b > 1, which .byte() wraps to
        // 129..255 and clamping sends to 0; multiply gives 0^a·… = 0 and the random mixings 0.
        var black = zeros([256, 1, 28, 28]);
        Tensor Mixed(PixelOverflow overflow) =>
            new PatchMixing([4, 8, 16, 32], 3.0, overflow).Apply(black, black, new Generator(7, CPU));
        var wrapped = Mixed(PixelOverflow.Wrap);
        var clamped = Mixed(PixelOverflow.Clamp);
        Assert.True(clamped.max().item<float>() <= 127);
        var differs = wrapped.ne(clamped);
        Assert.True(differs.sum().item<long>() > 1000, $"{differs.sum().item<long>()} pixels wrapped");
        Assert.True(clamped.masked_select(differs).eq(0).all().item<bool>());
        Assert.True(wrapped.masked_select(differs).min().item<float>() >= 129);
    }

    [Fact]
    public void PixelMixingsFollowIpMixsFormulas()
    {
        var generator = new Generator(6, CPU);
        var half = full([40, 3, 6, 6], 0.5f);
        // add: (a·0 + b·0 + 1)/2 and multiply: 1^a · 1^b / 2 are 0.5 whatever (a, b) get_ab draws.
        foreach (var op in new[] { 0L, 1L })
        {
            var result = PixelMixings.Mix(half, half, full([40], op), 3.0, generator);
            Assert.True(result.sub(0.5).abs().max().item<float>() < 1e-6);
        }
        var first = zeros([40, 3, 6, 6]);
        var second = ones([40, 3, 6, 6]);
        // random_pixels: one mask per pixel, shared by the channels; random_elems: one per element.
        var pixelsMixed = PixelMixings.Mix(first, second, full([40], 2L), 3.0, generator);
        Assert.True(pixelsMixed.eq(pixelsMixed[TensorIndex.Colon, TensorIndex.Slice(0, 1)]).all().item<bool>());
        var elementsMixed = PixelMixings.Mix(first, second, full([40], 3L), 3.0, generator);
        Assert.True(elementsMixed.eq(0).logical_or(elementsMixed.eq(1)).all().item<bool>());
        Assert.False(elementsMixed.eq(elementsMixed[TensorIndex.Colon, TensorIndex.Slice(0, 1)]).all().item<bool>());
        // multiply with a black second image and the negative-b branch overflows: the result may be huge or infinite
        // (PatchMixing turns it into a byte), never NaN.
        var overflow = PixelMixings.Mix(half, zeros([40, 3, 6, 6]), full([40], 1L), 3.0, generator);
        Assert.False(overflow.isnan().any().item<bool>());
    }

    [Fact]
    public void FractalMixingSetIsDeterministicFromItsSeed()
    {
        var first = MixingSet.RenderFractals(6, 3, 3, 36);
        var again = MixingSet.RenderFractals(6, 3, 3, 36);
        var other = MixingSet.RenderFractals(6, 4, 3, 36);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        // Pictures are not blank: each has many distinct values.
        for (var p = 0; p < 6; p++)
            Assert.True(first.AsSpan(p * 36 * 36 * 3, 36 * 36 * 3).ToArray().Distinct().Count() > 20);
        // Picture p depends only on (seed, p): a longer set starts with the shorter one.
        Assert.Equal(first, MixingSet.RenderFractals(8, 3, 3, 36).AsSpan(0, first.Length).ToArray());
    }
}
