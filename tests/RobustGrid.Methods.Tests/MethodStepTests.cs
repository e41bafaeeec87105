using System.Globalization;
using RobustGrid.Methods.AdvBn;
using RobustGrid.Tests.Shared;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Data;
using RobustGrid.Training.Models;
using RobustGrid.Training.Training;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Methods.Tests;

/// <summary>
/// One training step of a method on a real Fashion-MNIST batch, checked for what the method adds to ERM: the losses
/// are recomputed here from the papers' definitions and the logits the model produced.
/// </summary>
public sealed class MethodStepTests
{
    private const int BatchSize = 32;
    private static readonly DatasetProfile Profile = DatasetProfile.For("fashion-mnist");

    [Fact]
    public void AugMixAddsTheWeightedJensenShannonDivergenceOfItsTwoViewsToTheCleanCrossEntropy()
    {
        using var scope = NewDisposeScope();
        var (images, labels) = Batch();
        var method = MethodRegistry.Create("augmix", new Dictionary<string, string>());
        var model = Recording();
        var step = method.Step(new TrainingBatch(images, labels, model, Profile, new Generator(5, CPU), 0, 0));

        // One forward pass over clean images and two AugMix views (Fashion-MNIST has no standard augmentation).
        var (input, logits, _) = Assert.Single(model.Calls);
        Assert.Equal(3 * BatchSize, input.shape[0]);
        var clean = method.Normalization(Profile).FromBytes(images);
        Assert.True(Same(input.narrow(0, 0, BatchSize), clean));
        Assert.False(Same(input.narrow(0, BatchSize, BatchSize), clean));
        AssertCleanCrossEntropyPlusConsistency(step, logits, labels, Weight(method));
    }

    [Fact]
    public void IpMixMixesItsMixingSetsPicturesIntoTheViewsAndAddsTheConsistencyTerm()
    {
        using var scope = NewDisposeScope();
        var (images, labels) = Batch();
        (Tensor Input, ITrainingMethod Method) Step(byte grey)
        {
            var settings = new Dictionary<string, string> { ["mixing_set"] = FlatPictures(grey) };
            var method = MethodRegistry.Create("ipmix", settings);
            var model = Recording();
            // The same generator seed: the same chains, patches and weights, so only the pictures differ.
            var step = method.Step(new TrainingBatch(images, labels, model, Profile, new Generator(5, CPU), 0, 0));
            var (input, logits, _) = Assert.Single(model.Calls);
            AssertCleanCrossEntropyPlusConsistency(step, logits, labels, Weight(method));
            return (input, method);
        }

        var (light, method) = Step(230);
        var (dark, _) = Step(20);
        Assert.StartsWith("folder ", method.Details["mixing_set_used"]);
        var clean = method.Normalization(Profile).FromBytes(images);
        Assert.True(Same(light.narrow(0, 0, BatchSize), clean));
        Assert.True(Same(dark.narrow(0, 0, BatchSize), clean));
        var views = light.narrow(0, BatchSize, 2 * BatchSize).sub(dark.narrow(0, BatchSize, 2 * BatchSize)).abs();
        Assert.True(views.max().item<float>() > 0.1, "the views do not depend on the mixing set's pictures");
    }

    [Fact]
    public void AdvBnTrainsItsAdversarialBatchNormsOnFeaturesWithPerturbedStatistics()
    {
        using var scope = NewDisposeScope();
        var (images, labels) = Batch();
        var settings = new Dictionary<string, string> { ["checkpoint"] = UntrainedCheckpoint() };
        var method = MethodRegistry.Create("advbn", settings);
        manual_seed(2);
        var model = (AdvBnModel)method.PrepareModel(ModelFactory.Create("small-cnn", 1, 10, 28));
        method.InitializeModel(model);
        model.train();
        var (clean, adversarial) = (model.CleanBatchNorms[0], model.AdversarialBatchNorms[0]);
        var start = clean.running_mean!.clone();
        Assert.True(Same(adversarial.running_mean!, start));

        var step = method.Step(new TrainingBatch(images, labels, model, Profile, new Generator(5, CPU), 0, 0));

        // Both batch norms saw this batch's features, the adversarial one with their channel statistics rescaled.
        Assert.False(Same(clean.running_mean!, start));
        var apart = clean.running_mean!.sub(adversarial.running_mean!).abs().max().item<float>();
        Assert.True(apart > 1e-4, $"clean and adversarial running means differ by {apart} at most");
        // The loss has a CE term on the adversarial path, so the adversarial batch norms are trained too.
        step.Loss.backward();
        Assert.NotNull(adversarial.weight.grad);
        Assert.True(adversarial.weight.grad.abs().max().item<float>() > 0);
    }

    /// <summary>CE(clean) + weight·JS(clean, view 1, view 2); the logits of the views follow the clean ones.</summary>
    private static void AssertCleanCrossEntropyPlusConsistency(MethodStep step, Tensor logits, Tensor labels,
        double weight)
    {
        var parts = logits.split(BatchSize, 0);
        var logP = parts.Select(p => nn.functional.log_softmax(p, 1)).ToArray();
        var mixture = logP.Select(l => l.exp()).Aggregate((a, b) => a.add(b)).div(3).clamp(1e-7, 1).log();
        // KL(p ‖ M) summed over classes and averaged over the batch, averaged over the three distributions.
        var divergence = logP.Select(l => l.exp().mul(l.sub(mixture)).sum(1).mean())
            .Aggregate((a, b) => a.add(b)).div(3);
        var crossEntropy = nn.functional.cross_entropy(parts[0], labels);
        var js = divergence.item<float>();
        Assert.True(js > 1e-4, $"the views are predicted as the clean images: JS {js}");
        var expected = crossEntropy.add(divergence.mul(weight)).item<float>();
        Assert.Equal(expected, step.Loss.item<float>(), 1e-4);
        Assert.True(Same(step.Logits, parts[0]));
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    private static double Weight(ITrainingMethod method) =>
        double.Parse(method.Details["jsd_weight"], CultureInfo.InvariantCulture);

    private static (Tensor Images, Tensor Labels) Batch()
    {
        var set = TestData.Catalog.Load("fashion-mnist").Train.Take(BatchSize);
        return (tensor(set.Pixels, ScalarType.Byte).reshape(BatchSize, 1, 28, 28),
            tensor(set.Labels, ScalarType.Int32).to(ScalarType.Int64));
    }

    private static RecordingModel Recording()
    {
        manual_seed(2);
        var model = new RecordingModel(ModelFactory.Create("small-cnn", 1, 10, 28));
        model.train();
        return model;
    }

    /// <summary>A folder of four flat pictures of one grey level, as an IPMix mixing set.</summary>
    private static string FlatPictures(byte grey)
    {
        var folder = TestData.NewScratchFolder("mixing-");
        using var bitmap = new SKBitmap(40, 40);
        bitmap.Erase(new SKColor(grey, grey, grey));
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        for (var i = 0; i < 4; i++) File.WriteAllBytes(Path.Combine(folder, $"{i}.png"), data.ToArray());
        return folder;
    }

    /// <summary>An untrained small-cnn saved as a checkpoint: what is checked does not depend on the weights.</summary>
    private static string UntrainedCheckpoint()
    {
        var path = Path.Combine(TestData.NewScratchFolder("advbn-"), CheckpointFile.FileName);
        manual_seed(1);
        using var model = ModelFactory.Create("small-cnn", 1, 10, 28);
        var config = new TrainingConfig { Dataset = "fashion-mnist", Model = "small-cnn" };
        CheckpointFile.Save(path, new CheckpointMetadata(config, 0, 0, [], "small-cnn", 1, 10, 28,
            Profile.Normalization.Mean, Profile.Normalization.Std, DateTime.UtcNow), model, null);
        return path;
    }
}
