using RobustGrid.Methods;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Models;
using RobustGrid.TestTime.DynTta;
using RobustGrid.TestTime.Operations;
using RobustGrid.TestTime.Shifts;
using RobustGrid.TestTime.Urie;
using static TorchSharp.torch;

namespace RobustGrid.TestTime.Tests;

[Trait("Category", "Integration")]
[Collection(SharedModelsCollection.Name)]
public sealed class EnhancerTests(SharedModels shared)
{
    [Theory]
    [InlineData(28)]
    [InlineData(32)]
    public void UrieKeepsTheShapeAndAddsItsResidual(int size)
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var urie = new SkUNet();
        urie.eval();
        var x = rand(3, 3, size, size);
        var enhanced = urie.call(x);
        Assert.Equal(x.shape, enhanced.shape);
        var residual = urie.Residual(x);
        Assert.True(enhanced.sub(x.add(residual)).abs().max().item<float>() < 1e-5);
        Assert.True(residual.abs().mean().item<float>() > 0);
    }

    [Fact]
    public void DynTtaWeightsAreASoftmaxOver50Operations()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        using var enhancer = NewEnhancer();
        var x = FrozenClassifier.ToRgb(shared.Test.Images.narrow(0, 0, 8).to(ScalarType.Float32).div(255.0));
        var (magnitudes, weights) = enhancer.Predict(x);
        Assert.Equal(new long[] { 8, 50 }, weights.shape);
        Assert.Equal(new long[] { 8, 50 }, magnitudes.shape);
        Assert.True(weights.sum(1).sub(1).abs().max().item<float>() < 1e-5);
        Assert.True(weights.min().item<float>() > 0);
        var output = enhancer.call(x);
        Assert.Equal(x.shape, output.shape);
        Assert.True(output.min().item<float>() >= 0 && output.max().item<float>() <= 1);
    }

    [Fact]
    public void BlendWithOneHotWeightsReturnsThatOperation()
    {
        using var scope = NewDisposeScope();
        var outputs = rand([2L, OperationCatalog.Count, 3, 4, 4]);
        var choice = tensor(new long[] { 3, 40 });
        var blended = DynTtaOperations.Blend(outputs,
            nn.functional.one_hot(choice, OperationCatalog.Count).to(ScalarType.Float32));
        Assert.True(blended[0].sub(outputs[0, 3]).abs().max().item<float>() < 1e-6);
        Assert.True(blended[1].sub(outputs[1, 40]).abs().max().item<float>() < 1e-6);
    }

    [Fact]
    public void OneTrainingStepLowersTheFrozenClassifiersLossOnShiftedImages()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var classifier = new FrozenClassifier(TrainedModel.Load(shared.ClassifierPath, MethodRegistry.Create,
            CPU));
        using var enhancer = NewEnhancer();
        using var generator = new Generator(5);
        var images = FrozenClassifier.ToRgb(
            new RandomCorruptionShift(new StandInCorruptions()).Apply(shared.Train.Images.narrow(0, 0, 64), generator));
        var labels = shared.Train.Labels.narrow(0, 0, 64);
        enhancer.eval();
        using var optimizer = optim.SGD(enhancer.parameters(), 0.05, 0.9);
        double Loss()
        {
            using var noGrad = no_grad();
            return nn.functional.cross_entropy(classifier.Logits(enhancer.call(images)), labels).item<float>();
        }
        var before = Loss();
        optimizer.zero_grad();
        nn.functional.cross_entropy(classifier.Logits(enhancer.call(images)), labels).backward();
        optimizer.step();
        var after = Loss();
        Assert.True(after < before, $"loss {before} -> {after}");
        Assert.All(classifier.Model.Module.parameters(), p => Assert.Null(p.grad));
    }

    [Fact]
    public void StandInShiftChangesMostImagesAtProbability15Of16()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(9);
        var bytes = shared.Train.Images.narrow(0, 0, 256);
        var shifted = ShiftMix.Apply(bytes, new RandomCorruptionShift(new StandInCorruptions()), 15.0 / 16, generator);
        var changed = shifted.sub(bytes.to(ScalarType.Float32).div(255)).abs().amax([1L, 2L, 3L]).gt(1e-3)
            .to(ScalarType.Float32).mean().item<float>();
        Assert.InRange(changed, 0.8, 1.0);
    }

    [Fact]
    public void BlindShiftGivesReproducibleAugMixViewsInTheUnitRange()
    {
        using var scope = NewDisposeScope();
        var bytes = shared.Train.Images.narrow(0, 0, 128);
        var clean = bytes.to(ScalarType.Float32).div(255);
        var shift = new AugMixShift();
        Tensor View(ulong seed)
        {
            using var generator = new Generator(seed);
            return shift.Apply(bytes, generator);
        }
        var view = View(5);
        Assert.Equal(bytes.shape, view.shape);
        Assert.Equal(ScalarType.Float32, view.dtype);
        Assert.True(view.min().item<float>() >= 0 && view.max().item<float>() <= 1);
        Assert.True(view.sub(View(5)).abs().max().item<float>() == 0, "same seed, same views");
        // Every image is shifted (blind mode's probability is 1); a Beta(1, 1) mix weight near 0 keeps a few close to
        // clean.
        var changed = view.sub(clean).abs().amax([1L, 2L, 3L]).gt(0.02).to(ScalarType.Float32).mean().item<float>();
        Assert.InRange(changed, 0.8, 1.0);
        Assert.Equal(1.0, new DynTtaOptions { Mode = DynTtaMode.Blind }.EffectiveShiftProbability);
        Assert.Equal(15.0 / 16, new DynTtaOptions().EffectiveShiftProbability);
    }

    [Fact]
    public void PolicyWeightsAreTheMeanSoftmaxWeightsAndMagnitudesTheirWeightedMean()
    {
        using var scope = NewDisposeScope();
        manual_seed(12);
        using var enhancer = NewEnhancer();
        enhancer.eval();
        var images = FrozenClassifier.ToRgb(shared.Test.Images.narrow(0, 0, 64).to(ScalarType.Float32).div(255));
        var policy = AugmentationPolicy.Estimate(enhancer,
            [new ShiftedBatch("a", 5, images.narrow(0, 0, 32)), new ShiftedBatch("b", 5, images.narrow(0, 32, 32))]);
        using var noGrad = no_grad();
        var (magnitudes, weights) = enhancer.Predict(images);
        var expectedWeights = weights.to(ScalarType.Float64).mean([0L]).data<double>().ToArray();
        var expectedMagnitudes = weights.to(ScalarType.Float64).mul(magnitudes.to(ScalarType.Float64)).sum([0L])
            .div(weights.to(ScalarType.Float64).sum([0L])).data<double>().ToArray();
        Assert.Equal(0, policy.SkippedImages);
        Assert.Equal(1.0, policy.Weights.Sum(), 6);
        for (var k = 0; k < OperationCatalog.Count; k++)
        {
            Assert.Equal(expectedWeights[k], policy.Weights[k], 6);
            Assert.Equal(expectedMagnitudes[k], policy.Magnitudes[k], 4);
        }
        // Each shift on its own: the mean weights of its own images.
        var shifts = policy.Shifts ?? throw new InvalidOperationException("no per-shift estimates");
        Assert.Equal(["a", "b"], shifts.Select(s => s.Corruption));
        for (var half = 0; half < 2; half++)
        {
            var own = weights.narrow(0, 32 * half, 32).to(ScalarType.Float64).mean([0L]).data<double>().ToArray();
            Assert.Equal(5, shifts[half].Severity);
            for (var k = 0; k < OperationCatalog.Count; k++)
                Assert.Equal(own[k], shifts[half].Weights[k], 6);
        }
    }

    private static DynTtaEnhancer NewEnhancer() =>
        new(ModelFactory.Create("small-cnn", 3, 2 * OperationCatalog.Count, 28), new SkUNet());
}
