using RobustGrid.Training.Data;
using RobustGrid.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Tests;

public sealed class AugmentationAndScheduleTests
{
    [Fact]
    public void RandomCropTakesEveryWindowOfThePaddedImageAndFlipsAboutHalfOfThem()
    {
        const int count = 256;
        using var scope = NewDisposeScope();
        // Distinct non-zero pixels: an output equals exactly one window of the zero-padded image, mirrored or not.
        var image = arange(3 * 8 * 8, ScalarType.Int64).add(1).to(ScalarType.Byte).reshape(1, 3, 8, 8);
        using var generator = new Generator(7, CPU);
        var output = StandardAugmentation.CropAndFlip.Apply(image.expand(count, -1, -1, -1).contiguous(), generator);
        var padded = nn.functional.pad(image, [4, 4, 4, 4]);
        // Candidate k: the window at (k / 9, k % 9) for k < 81, its mirror image for k >= 81.
        var windows = new List<Tensor>();
        for (var dy = 0; dy <= 8; dy++)
            for (var dx = 0; dx <= 8; dx++)
                windows.Add(padded[0, .., dy..(dy + 8), dx..(dx + 8)]);
        var candidates = cat([stack(windows), stack(windows).flip(3)]);
        var equal = output.unsqueeze(1).eq(candidates.unsqueeze(0)).flatten(2).all(2);
        Assert.True(equal.sum(1).eq(1).all().item<bool>(), "an output is not one (mirrored) window of the image");
        var found = equal.to(ScalarType.Int64).argmax(1).data<long>().ToArray();
        var rows = found.Select(k => k % 81 / 9).Distinct().Order();
        var columns = found.Select(k => k % 81 % 9).Distinct().Order();
        Assert.Equal(Enumerable.Range(0, 9), rows.Select(r => (int)r));
        Assert.Equal(Enumerable.Range(0, 9), columns.Select(c => (int)c));
        Assert.InRange(found.Count(k => k >= 81), count * 3 / 8, count * 5 / 8);
    }

    [Fact]
    public void AugmentationDependsOnlyOnTheGeneratorSeed()
    {
        using var images = randint(0, 255, [16, 3, 32, 32], ScalarType.Byte);
        using var a = new Generator(3, CPU);
        using var b = new Generator(3, CPU);
        using var c = new Generator(4, CPU);
        using var first = StandardAugmentation.CropAndFlip.Apply(images, a);
        using var second = StandardAugmentation.CropAndFlip.Apply(images, b);
        using var third = StandardAugmentation.CropAndFlip.Apply(images, c);
        Assert.True(TensorAssert.Same(first, second));
        Assert.False(TensorAssert.Same(first, third));
    }

    [Fact]
    public void StepScheduleDecaysTenfoldEveryBlock()
    {
        var schedule = new LearningRateSchedule(0.001, 0, 0, 200, StepEvery: 100, StepFactor: 0.1);
        Assert.Equal(0.001, schedule.At(99), 12);
        Assert.Equal(0.0001, schedule.At(100), 12);
    }

    [Fact]
    public void ScheduleWarmsUpLinearlyThenFollowsTheCosine()
    {
        var schedule = new LearningRateSchedule(0.1, 1e-6, WarmupSteps: 10, TotalSteps: 110);
        Assert.Equal(0.01, schedule.At(0), 12);
        Assert.Equal(0.1, schedule.At(9), 12);
        Assert.Equal(0.1, schedule.At(10), 12);
        Assert.Equal(1e-6 + 0.5 * (0.1 - 1e-6), schedule.At(60), 12);
        Assert.Equal(1e-6, schedule.At(110), 12);
    }
}
