using RobustGrid.Methods;
using RobustGrid.Tests.Shared;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Data;
using RobustGrid.TestTime.DynTta;
using RobustGrid.TestTime.Shifts;
using static TorchSharp.torch;

namespace RobustGrid.TestTime.Tests;

/// <summary>train.py's loader for the enhancers: RandomResizedCrop, horizontal flip, last partial batch kept.</summary>
public sealed class DynTtaTrainingDataTests
{
    [Fact]
    public void CropBoxesFollowTorchvisionsScaleAndRatioRangesAndVary()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        var boxes = TrainingGeometry.CropBoxes(4000, 28, 28, generator, CPU).to(ScalarType.Float64);
        var (top, left, h, w) = (boxes.select(1, 0), boxes.select(1, 1), boxes.select(1, 2), boxes.select(1, 3));
        Assert.True(top.min().item<double>() >= 0 && left.min().item<double>() >= 0);
        Assert.True(top.add(h).max().item<double>() <= 28 && left.add(w).max().item<double>() <= 28);
        Assert.True(h.min().item<double>() >= 1 && w.min().item<double>() >= 1);
        // Rounding the sides moves area and ratio a little past the drawn ranges: at most half a pixel per side.
        var area = h.mul(w).div(28.0 * 28);
        Assert.True(area.min().item<double>() >= 0.08 * 0.5 && area.max().item<double>() <= 1);
        var ratio = w.div(h);
        Assert.True(ratio.min().item<double>() >= 0.5 && ratio.max().item<double>() <= 2);
        // Scale U(0.08, 1) has mean 0.54; attempts with a side over 28 (large areas) are redrawn, which lowers it to
        // about 0.49 at 28×28 (torchvision's get_params simulated in Python); 4,000 crops: standard error 0.004.
        Assert.InRange(area.mean().item<double>(), 0.46, 0.53);
        Assert.True(boxes.unique(dim: 0).Item1.shape[0] > 500, "crops vary from image to image");
        // The central fallback (whole 28×28 image) is rare: only attempts whose side exceeds 28 are rejected.
        Assert.True(h.eq(28).logical_and(w.eq(28)).to(ScalarType.Float32).mean().item<float>() < 0.1);
    }

    [Fact]
    public void ResizedCropIsPILsBilinearEnlargementOfTheBox()
    {
        using var scope = NewDisposeScope();
        // One row 0, 100, 200, 40 in a 4×4 image; the box (top 1, left 1, 2×2) holds 100, 200 in rows 1 and 2.
        var row = tensor(new byte[] { 0, 100, 200, 40 });
        var image = row.unsqueeze(0).expand(4, 4).reshape(1, 1, 4, 4).contiguous();
        var boxes = tensor(new long[] { 1, 1, 2, 2 }).reshape(1, 4);
        var resized = TrainingGeometry.ResizedCrop(image, boxes);
        Assert.Equal(new long[] { 1, 1, 4, 4 }, resized.shape);
        Assert.Equal(ScalarType.Byte, resized.dtype);
        // PIL, 2 → 4 pixels: output u samples the crop at (u + 0.5)/2 − 0.5 = −0.25, 0.25, 0.75, 1.25, clamped to
        // [0, 1]: 100, 0.75·100 + 0.25·200 = 125, 0.25·100 + 0.75·200 = 175, 200 (rows are constant).
        var expected = new byte[] { 100, 125, 175, 200 };
        for (var r = 0; r < 4; r++)
            Assert.Equal(expected, resized[0, 0, r].data<byte>().ToArray());
    }

    [Fact]
    public void FlipHappensAboutHalfTheTimeAndCropsKeepTheSize()
    {
        using var scope = NewDisposeScope();
        var columns = arange(28, ScalarType.Float32).mul(9).to(ScalarType.Byte).view(1, 1, 1, 28);
        var images = columns.expand(4000, 1, 28, 28).contiguous();
        using var generator = new Generator(11);
        var flipped = TrainingGeometry.Apply(images, crop: false, flip: true, generator);
        var mirrored = flipped.eq(images.flip(3)).all(3).all(2).all(1);
        var same = flipped.eq(images).all(3).all(2).all(1);
        Assert.True(mirrored.logical_or(same).all().item<bool>());
        // Binomial(4000, 0.5): standard deviation 0.008 of the fraction.
        Assert.InRange(mirrored.to(ScalarType.Float32).mean().item<float>(), 0.46, 0.54);

        var cropped = TrainingGeometry.Apply(images, crop: true, flip: false, generator);
        Assert.Equal(images.shape, cropped.shape);
        Assert.Equal(ScalarType.Byte, cropped.dtype);
        Assert.True(cropped.ne(images).any(3).any(2).any(1).to(ScalarType.Float32).mean().item<float>() > 0.9);
    }

    [Theory]
    [InlineData(10, 4, 3)]
    [InlineData(8, 4, 2)]
    [InlineData(3, 64, 1)]
    public void AnEpochHasCeilNOverBatchStepsWithTheLastBatchPartial(int count, int size, int steps)
    {
        var batches = EnhancerTraining.Batches(count, size);
        Assert.Equal(steps, batches.Count);
        Assert.Equal(count, batches.Sum(b => b.Length));
        Assert.Equal(Enumerable.Range(0, steps).Select(i => (long)i * size), batches.Select(b => b.Start));
        Assert.Equal(count - (steps - 1) * size, batches[^1].Length);
    }

    [Fact]
    public void CropAndFlipAreTheDefaultAndCanBeTurnedOff()
    {
        var defaults = DynTtaOptions.Parse(new Dictionary<string, string>());
        Assert.True(defaults.RandomResizedCrop);
        Assert.True(defaults.HorizontalFlip);
        var off = DynTtaOptions.Parse(new Dictionary<string, string>
        {
            ["random-resized-crop"] = "false",
            ["horizontal-flip"] = "false",
        });
        Assert.False(off.RandomResizedCrop);
        Assert.False(off.HorizontalFlip);
    }
}

/// <summary>The enhancer stage's loop itself: every image, in ⌈n / batch⌉ batches, cropped or flipped first.</summary>
[Trait("Category", "Integration")]
[Collection(SharedModelsCollection.Name)]
public sealed class EnhancerTrainingLoopTests(SharedModels shared)
{
    [Fact]
    public void AnEpochFeedsThePartialBatchAndTransformedImages()
    {
        using var scope = NewDisposeScope();
        using var classifier = new FrozenClassifier(TrainedModel.Load(shared.ClassifierPath, MethodRegistry.Create,
            CPU));
        using var train = DeviceImageSet.Upload(TestData.Catalog.Load("fashion-mnist").Train.Take(10), CPU);
        using var enhancer = new RecordingModel(new Gain());
        var options = new DynTtaOptions { BatchSize = 4, ShiftProbability = 0, Seed = 4 };
        var path = Path.Combine(TestData.NewScratchFolder("tta-loop-"), "stage.rgst");
        EnhancerTraining.Run("test", enhancer, classifier, train, new RandomCorruptionShift(new StandInCorruptions()),
            options, 1e-3, 1, path);
        Assert.Equal(new long[] { 4, 4, 2 }, enhancer.Calls.Select(c => c.Input.shape[0]));
        // No shift (probability 0): any change of an image comes from the crop or the flip.
        var fed = cat([.. enhancer.Calls.Select(c => c.Input)], 0);
        var clean = FrozenClassifier.ToRgb(train.Images.to(ScalarType.Float32).div(255));
        var unchanged = fed.unsqueeze(1).sub(clean.unsqueeze(0)).abs().amax([2L, 3L, 4L]).lt(1e-6).any(1);
        Assert.True(unchanged.to(ScalarType.Float32).mean().item<float>() < 0.5);
    }

    /// <summary>An enhancer with one weight (SGD needs a parameter) that starts as the identity.</summary>
    private sealed class Gain : nn.Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.Parameter _gain = nn.Parameter(ones(1));

        public Gain() : base(nameof(Gain)) => register_parameter("gain", _gain);

        public override Tensor forward(Tensor input) => input.mul(_gain);
    }
}
