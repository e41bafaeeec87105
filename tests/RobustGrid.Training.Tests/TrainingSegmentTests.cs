using RobustGrid.Methods;
using RobustGrid.Tests.Shared;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Runtime;
using RobustGrid.Training.Training;
using TorchSharp;

namespace RobustGrid.Training.Tests;

/// <summary>
/// Population-based training's segments: a run stops, completed, at its segment's end; a copy of its folder continues
/// with its weights and optimizer state, and under a new learning rate the schedule follows the new rate from the copy
/// on. Only a segment may continue a checkpoint written under other learning rates, momentum or weight decay.
/// </summary>
[Trait("Category", "Integration")]
[Collection(SerialTorchCollection.Name)]
public sealed class TrainingSegmentTests
{
    private const int Images = 640;
    private const int BatchSize = 128;

    private static readonly TrainingConfig Config = new()
    {
        Dataset = "fashion-mnist",
        Model = "small-cnn",
        Epochs = 3,
        BatchSize = BatchSize,
        TrainLimit = Images,
        TestLimit = 200,
        Device = DeviceChoice.Cpu,
        Seed = 5,
        LearningRate = 0.05,
    };

    [Fact]
    public void ACopiedSegmentContinuesWeightsAndOptimizerStateAndFollowsTheNewLearningRate()
    {
        var parent = TestData.NewScratchFolder();
        var first = Trainer.Run(Config, MethodRegistry.Create, parent, catalog: TestData.Catalog,
            segment: new TrainingSegment(1));
        Assert.Equal(TrainingOutcome.Completed, first.Outcome);
        Assert.Equal(1, first.EpochsCompleted);

        // Continued at the same rate, the copy ends with the weights of an uninterrupted run: nothing was lost.
        var same = CopyOf(parent);
        Trainer.Run(Config, MethodRegistry.Create, same, catalog: TestData.Catalog, segment: new TrainingSegment(3));
        var straight = TestData.NewScratchFolder();
        Trainer.Run(Config, MethodRegistry.Create, straight, catalog: TestData.Catalog);
        using (var a = Load(straight))
        using (var b = Load(same))
        {
            var left = a.Module.state_dict();
            var right = b.Module.state_dict();
            Assert.All(left.Keys,
                key => Assert.True(left[key].allclose(right[key], rtol: 0, atol: 1e-6), $"{key} differs"));
        }

        // At a tenth of the rate, each step from the copy on runs the cosine schedule of the new rate.
        var slower = Config with { LearningRate = 0.005 };
        var child = CopyOf(parent);
        Assert.Contains("different configuration", Assert.Throws<InvalidOperationException>(
            () => Trainer.Run(slower, MethodRegistry.Create, child, catalog: TestData.Catalog)).Message);
        var continued = Trainer.Run(slower, MethodRegistry.Create, child, catalog: TestData.Catalog,
            segment: new TrainingSegment(2));
        Assert.Equal(TrainingOutcome.Completed, continued.Outcome);
        Assert.Equal(2, continued.History.Count);
        Assert.Equal(first.History[0], continued.History[0]);
        var stepsPerEpoch = (Images + BatchSize - 1) / BatchSize;
        double Cosine(double rate, int step) => 0.5 * rate * (1 + Math.Cos(Math.PI * step / (3.0 * stepsPerEpoch)));
        Assert.Equal(Cosine(0.05, stepsPerEpoch - 1), continued.History[0].LearningRate, 12);
        Assert.Equal(Cosine(0.005, 2 * stepsPerEpoch - 1), continued.History[1].LearningRate, 12);
        Assert.Equal(0.005, CheckpointFile.ReadMetadata(Path.Combine(child, CheckpointFile.FileName)).Config
            .LearningRate);

        // Momentum and weight decay are exploitable too; the checkpoint records the values it continued under.
        var heavier = Config with { Momentum = 0.5, WeightDecay = 2e-3 };
        var other = CopyOf(parent);
        Assert.Contains("different configuration", Assert.Throws<InvalidOperationException>(
            () => Trainer.Run(heavier, MethodRegistry.Create, other, catalog: TestData.Catalog)).Message);
        Assert.Equal(TrainingOutcome.Completed, Trainer.Run(heavier, MethodRegistry.Create, other,
            catalog: TestData.Catalog, segment: new TrainingSegment(2)).Outcome);
        var written = CheckpointFile.ReadMetadata(Path.Combine(other, CheckpointFile.FileName)).Config;
        Assert.Equal((0.5, 2e-3), (written.Momentum, written.WeightDecay));
    }

    [Fact]
    public void ASegmentDoesNotContinueACheckpointOfAnotherModel()
    {
        var parent = TestData.NewScratchFolder();
        Trainer.Run(Config with { Epochs = 2, TrainLimit = 300 }, MethodRegistry.Create, parent,
            catalog: TestData.Catalog, segment: new TrainingSegment(1));
        var error = Assert.Throws<InvalidOperationException>(() => Trainer.Run(
            Config with { Epochs = 2, TrainLimit = 300, BatchSize = 64 }, MethodRegistry.Create, CopyOf(parent),
            catalog: TestData.Catalog, segment: new TrainingSegment(2)));
        Assert.Contains("different configuration", error.Message);
    }

    private static string CopyOf(string run)
    {
        var copy = TestData.NewScratchFolder();
        foreach (var file in Directory.GetFiles(run)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        return copy;
    }

    private static TrainedModel Load(string run) =>
        TrainedModel.Load(Path.Combine(run, CheckpointFile.FileName), MethodRegistry.Create, torch.CPU);
}
