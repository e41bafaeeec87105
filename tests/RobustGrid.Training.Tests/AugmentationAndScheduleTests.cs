using RobustGrid.Training.Data;
using RobustGrid.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Tests;

public sealed class AugmentationAndScheduleTests
{
    [Fact]
    public void RandomCropIsAWindowOfThePaddedImageAndFlipMirrorsIt()
    {
        using var images = arange(2 * 3 * 8 * 8, ScalarType.Int64).remainder(251).to(ScalarType.Byte).reshape(2, 3, 8, 8).add(1);
        using var generator = new Generator(7, CPU);
        using var output = StandardAugmentation.CropAndFlip.Apply(images, generator);
        Assert.Equal(images.shape, output.shape);
        using var padded = nn.functional.pad(images, [4, 4, 4, 4]);
        for (var n = 0; n < 2; n++)
        {
            var matches = 0;
            for (var dy = 0; dy <= 8; dy++)
                for (var dx = 0; dx <= 8; dx++)
                {
                    using var window = padded[n, .., dy..(dy + 8), dx..(dx + 8)];
                    using var mirrored = window.flip(2);
                    if (TensorAssert.Same(window, output[n]) || TensorAssert.Same(mirrored, output[n])) matches++;
                }
            Assert.True(matches >= 1, $"sample {n} is not a crop of its padded image");
        }
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
