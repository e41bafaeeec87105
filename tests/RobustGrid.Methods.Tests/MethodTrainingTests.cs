using RobustGrid.Tests.Shared;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Methods.AdvBn;
using RobustGrid.Training.Models;
using RobustGrid.Training.Runtime;
using RobustGrid.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Methods.Tests;

/// <summary>
/// Short real trainings on a Fashion-MNIST subset: each method runs end to end through the trainer and its checkpoint
/// records what it used. What a method's step does is MethodStepTests' (and AdvMixupTests') to check.
/// </summary>
[Trait("Category", "Integration")]
public sealed class MethodTrainingTests
{
    internal static TrainingConfig Small(string method, IReadOnlyDictionary<string, string>? settings = null,
        int epochs = 3) => new()
        {
            Dataset = "fashion-mnist",
            Model = "small-cnn",
            Method = method,
            MethodParameters = settings ?? new Dictionary<string, string>(),
            Epochs = epochs,
            BatchSize = 64,
            LearningRate = 0.05,
            TrainLimit = 640,
            TestLimit = 500,
            Device = DeviceChoice.Cpu,
            Threads = 1,
            Seed = 3,
        };

    private static TrainingResult Run(TrainingConfig config)
    {
        var result = Trainer.Run(config, MethodRegistry.Create, TestData.NewScratchFolder(), catalog: TestData.Catalog);
        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.All(result.History, epoch => Assert.True(double.IsFinite(epoch.TrainLoss)));
        return result;
    }

    [Fact]
    public void AugMixRecordsItsHyperparametersAndNormalisation()
    {
        var result = Run(Small("augmix", epochs: 1));
        var metadata = CheckpointFile.ReadMetadata(result.CheckpointPath);
        Assert.Equal("12", metadata.MethodDetails!["jsd_weight"]);
        Assert.Equal([0.5], metadata.NormalizationMean);
        Assert.Equal([0.5], metadata.NormalizationStd);
    }

    [Fact]
    public void IpMixRecordsItsMixingSet()
    {
        var result = Run(Small("ipmix", new Dictionary<string, string> { ["fractal_count"] = "32" }, epochs: 1));
        var details = CheckpointFile.ReadMetadata(result.CheckpointPath).MethodDetails!;
        Assert.StartsWith("fractals-v1 seed=1 count=32 size=31", details["mixing_set_used"]);
    }

    /// <summary>End to end through the trainer only: a falling loss holds for plain mixup too, so what the adversarial
    /// step does is AdvMixupTests' to check.</summary>
    [Fact]
    public void AdvMixupTrains()
    {
        var settings = new Dictionary<string, string> { ["steps"] = "3", ["labels"] = "projection" };
        var result = Run(Small("adv-mixup", settings));
        Assert.True(result.History[^1].TrainLoss < result.History[0].TrainLoss,
            $"adv-mixup: loss {result.History[0].TrainLoss:F4} -> {result.History[^1].TrainLoss:F4}");
    }

    [Fact]
    public void AdvBnFineTunesACheckpointWithDualBatchNormsAndTestsOnTheCleanPath()
    {
        var pretrained = Trainer.Run(Small("erm", epochs: 1), MethodRegistry.Create, TestData.NewScratchFolder(),
            catalog: TestData.Catalog);
        var result = Run(
            Small("advbn", new Dictionary<string, string> { ["checkpoint"] = pretrained.CheckpointPath }) with
            {
                LearningRate = 0.01,
                Momentum = 0.9,
                WeightDecay = 1e-4,
                Nesterov = false,
            });
        Assert.Contains("erm small-cnn",
            CheckpointFile.ReadMetadata(result.CheckpointPath).MethodDetails!["pretrained"]);

        using var trained = TrainedModel.Load(result.CheckpointPath, MethodRegistry.Create, CPU);
        var model = Assert.IsType<AdvBnModel>(trained.Module);
        var clean = model.CleanBatchNorms[0];
        var adversarial = model.AdversarialBatchNorms[0];
        Assert.True(clean.running_mean!.sub(adversarial.running_mean!).abs().max().item<float>() > 1e-4);
        Assert.True(clean.weight.sub(adversarial.weight).abs().max().item<float>() > 1e-6);

        using var noGrad = no_grad();
        var images = trained.Normalization.FromBytes(TestData.Catalog.Load("fashion-mnist").Test.Take(64) is var set
            ? tensor(set.Pixels, ScalarType.Byte).reshape(64, 1, 28, 28) : throw new InvalidOperationException());
        var logits = trained.Module.call(images);
        var features = model.Stem(images);
        Assert.True(logits.eq(model.Head(features, adversarial: false)).all().item<bool>());
        Assert.False(logits.eq(model.Head(features, adversarial: true)).all().item<bool>());
        // The stem did not move: it still equals the pretrained model's first stage.
        using var original = TrainedModel.Load(pretrained.CheckpointPath, MethodRegistry.Create, CPU);
        var originalStem = ((RobustGrid.Training.Models.Staged.IStagedClassifier)original.Module).ForwardStem(images);
        Assert.True(features.eq(originalStem).all().item<bool>());
    }

    [Fact]
    public void AdvBnMultipliersReachTheirBoundsAndStayInside()
    {
        torch.manual_seed(1);
        using var model = new AdvBnModel(ModelFactory.Create("small-cnn", 1, 10, 28));
        var set = TestData.Catalog.Load("fashion-mnist").Train.Take(128);
        var images = tensor(set.Pixels, ScalarType.Byte).reshape(128, 1, 28, 28).to(ScalarType.Float32).div(255);
        var labels = tensor(set.Labels, ScalarType.Int32).to(ScalarType.Int64);
        model.train();
        Tensor features;
        using (no_grad()) features = model.Stem(images);
        var result = new FeatureStatisticsAttack(6, 0.2, 1.1).Perturb(model, features, labels);
        Assert.True(model.training);
        foreach (var multiplier in new[] { result.MeanMultiplier, result.StdMultiplier })
        {
            Assert.Equal(new long[] { 1, 32, 1, 1 }, multiplier.shape);
            Assert.True(multiplier.min().item<float>() >= -0.1f - 1e-6f
                && multiplier.max().item<float>() <= 2.1f + 1e-6f);
        }
        var all = cat([result.MeanMultiplier.flatten(), result.StdMultiplier.flatten()]);
        var atBound = all.sub(2.1).abs().lt(1e-5).logical_or(all.add(0.1).abs().lt(1e-5));
        Assert.True(atBound.any().item<bool>(), "no multiplier reached -0.1 or 2.1 after 6 steps of 0.2");
        Assert.True(result.Features.min().item<float>() >= 0,
            "small-cnn's stem ends in a ReLU: features stay non-negative");
    }
}
