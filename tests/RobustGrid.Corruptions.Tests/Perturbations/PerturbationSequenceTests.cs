using RobustGrid.Catalog;
using RobustGrid.Corruptions.Perturbations;
using RobustGrid.Corruptions.Tests.Fixtures;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Tests.Perturbations;

/// <summary>What each CIFAR-10-P sequence must be whatever the random draws: its length, where it starts, and the
/// frames that are the unchanged image.</summary>
public sealed class PerturbationSequenceTests
{
    [Fact]
    public void TheRegistryHoldsTheTenBenchmarkPerturbationsWithTheReferenceLengths()
    {
        Assert.Equal(PerturbationNames.Names, PerturbationRegistry.All.Select(p => p.Name));
        var lengths = PerturbationRegistry.All.ToDictionary(p => p.Name, p => p.Frames);
        Assert.Equal(21, lengths["motion_blur"]);
        Assert.Equal(16, lengths["translate"]);
        Assert.All(lengths.Where(p => p.Key is not ("motion_blur" or "translate")), p => Assert.Equal(31, p.Value));
        Assert.Equal(["gaussian_noise", "shot_noise"],
            PerturbationRegistry.All.Where(p => p.IsNoise).Select(p => p.Name));
    }

    [Theory]
    [InlineData("gaussian_noise", 0)]
    [InlineData("shot_noise", 0)]
    [InlineData("zoom_blur", 0)]
    [InlineData("translate", 7)]
    [InlineData("rotate", 15)]
    [InlineData("scale", 15)]
    public void TheUnperturbedFrameIsTheImage(string name, int frame)
    {
        using var images = Images(4);
        using var generator = new Generator(3);
        using var sequence = PerturbationRegistry.Get(name).Sequence(images, generator);
        Assert.Equal(new long[] { 4, PerturbationRegistry.Get(name).Frames, 3, 32, 32 }, sequence.shape);
        Assert.Equal(ScalarType.Byte, sequence.dtype);
        using var unperturbed = sequence.select(1, frame);
        Assert.True(Same(unperturbed, images), $"{name} frame {frame} is not the image");
    }

    [Fact]
    public void TranslateShiftsWholePixelsAndFillsBlack()
    {
        using var images = Images(2);
        using var generator = new Generator(0);
        using var sequence = PerturbationRegistry.Get("translate").Sequence(images, generator);
        // Frame 10 moves the image 3 pixels to the right.
        using var frame = sequence.select(1, 10);
        Assert.True(Same(frame[.., .., .., 3..], images[.., .., .., ..29]));
        Assert.Equal(0, frame[.., .., .., ..3].sum().item<long>());
    }

    [Fact]
    public void NoiseFramesAreFreshDrawsAroundTheImage()
    {
        using var images = Images(4);
        using var generator = new Generator(5);
        using var sequence = PerturbationRegistry.Get("gaussian_noise").Sequence(images, generator);
        using var first = sequence.select(1, 1).to_type(ScalarType.Float64);
        using var second = sequence.select(1, 2).to_type(ScalarType.Float64);
        Assert.False(Same(first, second));
        // σ = 0.02 of 255 is about 5 levels; truncation subtracts half a level on average.
        using var clean = images.to_type(ScalarType.Float64);
        var spread = (first - clean).std().item<double>();
        Assert.InRange(spread, 4.0, 6.5);
    }

    [Fact]
    public void SpatterRunsDownTheImage()
    {
        using var images = Images(4);
        using var generator = new Generator(2);
        using var sequence = PerturbationRegistry.Get("spatter").Sequence(images, generator);
        using var changed = sequence.to_type(ScalarType.Int32).sub(images.unsqueeze(1).to_type(ScalarType.Int32))
            .abs().sum([0, 2, 4]);
        // Changes per row (summed over images, channels and columns), first frame and last: the water moves down.
        var firstRows = changed[0].data<long>().ToArray();
        var lastRows = changed[^1].data<long>().ToArray();
        Assert.True(firstRows.Sum() > 0);
        Assert.True(CentreOfMass(lastRows) > CentreOfMass(firstRows) + 2,
            $"{CentreOfMass(firstRows):F1} → {CentreOfMass(lastRows):F1}");
    }

    private static bool Same(Tensor a, Tensor b)
    {
        using var equal = a.eq(b);
        using var all = equal.all();
        return all.item<bool>();
    }

    private static double CentreOfMass(long[] rows) =>
        rows.Select((v, i) => (double)v * i).Sum() / Math.Max(1, rows.Sum());

    private static Tensor Images(int count)
    {
        using var input = ReferenceFixtures.InputTensor(count);
        return input.permute(0, 3, 1, 2).contiguous();
    }
}
