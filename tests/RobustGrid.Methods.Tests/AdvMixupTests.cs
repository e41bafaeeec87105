using RobustGrid.Methods.AdvMixup;
using RobustGrid.Tests.Shared;
using RobustGrid.Training.Data;
using RobustGrid.Training.Training;
using RobustGrid.Training.Models;
using RobustGrid.Training.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Methods.Tests;

/// <summary>
/// Adversarial mixup's attack on one real batch: the same mixing partners and ratios with and without the PGD steps,
/// so that any change of the loss comes from the perturbations (and the adversarial ratio steps) alone.
/// </summary>
public sealed class AdvMixupTests
{
    /// <summary>
    /// A small-cnn from seed 5 and 64 real training images. The model is in eval mode: the method attacks in eval
    /// mode, and its last forward pass is in eval mode here too, so no call's batch statistics differ from another's.
    /// </summary>
    private static (nn.Module<Tensor, Tensor> Model, Tensor Images, Tensor Labels) EvalModelAndBatch()
    {
        var model = SeededConstruction.Build(5, () => ModelFactory.Create("small-cnn", 1, 10, 28));
        model.eval();
        var set = TestData.Catalog.Load("fashion-mnist").Train.Take(64);
        var images = tensor(set.Pixels, ScalarType.Byte).reshape(64, 1, 28, 28);
        var labels = tensor(set.Labels, ScalarType.Int32).to(ScalarType.Int64);
        return (model, images, labels);
    }

    [Fact]
    public void TheAdversarialStepsRaiseTheMixedLossOfTheSameDrawsAndMoveNothingWhenEpsilonIsZero()
    {
        using var scope = NewDisposeScope();
        var (model, images, labels) = EvalModelAndBatch();
        using var ownedModel = model;

        double Loss(params (string Key, string Value)[] settings)
        {
            var values = settings.ToDictionary(s => s.Key, s => s.Value);
            values["labels"] = "ratio";
            var method = MethodRegistry.Create("adv-mixup", values);
            // The same generator seed: the same augmentation, partners, ratios and random starts in every call.
            using var generator = new Generator(9, CPU);
            var step = method.Step(
                new TrainingBatch(images, labels, model, DatasetProfile.For("fashion-mnist"), generator, 1, 0));
            return step.Loss.item<float>();
        }

        var plainMixup = Loss(("steps", "0"));
        var oneStep = Loss(("steps", "1"));
        var fiveSteps = Loss(("steps", "5"));
        Assert.True(plainMixup < oneStep && oneStep < fiveSteps,
            $"mixed cross-entropy: plain mixup {plainMixup}, after 1 step {oneStep}, after 5 steps {fiveSteps}");
        // With a zero radius and a fixed ratio the steps are projected back to no perturbation: plain mixup's loss.
        Assert.Equal(plainMixup, Loss(("steps", "5"), ("epsilon", "0"), ("optimize_ratio", "false")));
    }

    private static AdvMixupMethod Create(params (string Key, string Value)[] settings) =>
        (AdvMixupMethod)MethodRegistry.Create("adv-mixup", settings.ToDictionary(s => s.Key, s => s.Value));

    [Fact]
    public void PerturbMixedPutsOnePerturbationOnTheMixAndEndpointsOneOnEachImage()
    {
        using var scope = NewDisposeScope();
        var (first, second) = (full([1, 1, 1, 1], 0.2f), full([1, 1, 1, 1], 0.6f));
        var (delta1, delta2, ratio) = (full([1, 1, 1, 1], 0.1f), full([1, 1, 1, 1], -0.05f), full([1, 1, 1, 1], 0.25f));
        // endpoints: 0.25·(0.2 + 0.1) + 0.75·(0.6 − 0.05) = 0.4875; mixed: 0.25·0.2 + 0.75·0.6 + 0.1 = 0.6.
        Assert.Equal(0.4875f, Create().Mix(first, second, delta1, delta2, ratio).item<float>(), 1e-6f);
        var onMix = Create(("perturb", "mixed"));
        Assert.Equal(0.6f, onMix.Mix(first, second, delta1, delta2, ratio).item<float>(), 1e-6f);
        // The mix's perturbation is clipped to [0, 1] after mixing: 0.6 + 0.5 → 1.
        Assert.Equal(1f, onMix.Mix(first, second, full([1, 1, 1, 1], 0.5f), delta2, ratio).item<float>());
    }

    [Fact]
    public void RatioGradientImageLeavesOutTheLabelWeightsShareOfTheRatiosGradient()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var model = nn.Sequential(nn.Flatten(), nn.Linear(8, 3));
        var first = rand([2, 2, 2, 2]);
        var second = rand([2, 2, 2, 2]);
        var (labels, secondLabels) = (tensor(new long[] { 0, 1 }), tensor(new long[] { 2, 0 }));
        var noPerturbation = zeros_like(first);
        var normalization = Normalization.SymmetricUnit(2);

        Tensor RatioGradient(string ratioGradient)
        {
            var ratio = tensor(new[] { 0.3f, 0.7f }).reshape(2, 1, 1, 1).requires_grad_(true);
            var loss = Create(("ratio_gradient", ratioGradient)).AttackLoss(model, normalization, first, second,
                noPerturbation, noPerturbation, ratio, labels, secondLabels);
            return autograd.grad([loss], [ratio])[0].reshape(-1);
        }

        // The chain rule by hand: L = mean_i[w_i·CE(x̃_i, y₁) + (1 − w_i)·CE(x̃_i, y₂)] with x̃ = λx₁ + (1−λ)x₂, so
        // through the image ∂L/∂λ_i = ⟨∂L/∂x̃_i, x₁_i − x₂_i⟩ and through w = λ it adds (CE₁_i − CE₂_i)/n.
        var lam = tensor(new[] { 0.3f, 0.7f }).reshape(2, 1, 1, 1);
        var mixed = first.mul(lam).add(second.mul(lam.neg().add(1))).requires_grad_(true);
        var logits = model.call(normalization.Apply(mixed));
        var ce1 = nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.None);
        var ce2 = nn.functional.cross_entropy(logits, secondLabels, reduction: nn.Reduction.None);
        var w = lam.reshape(-1);
        var mixedLoss = w.mul(ce1).add(w.neg().add(1).mul(ce2)).mean();
        var imagePath = autograd.grad([mixedLoss], [mixed])[0].mul(first.sub(second)).sum([1, 2, 3]);
        var labelPath = ce1.sub(ce2).div(2).detach();

        var image = RatioGradient("image");
        var whole = RatioGradient("loss");
        Assert.True(image.allclose(imagePath, rtol: 1e-4, atol: 1e-6), $"{image.str()} vs {imagePath.str()}");
        Assert.True(whole.allclose(imagePath.add(labelPath), rtol: 1e-4, atol: 1e-6),
            $"{whole.str()} vs {imagePath.add(labelPath).str()}");
        Assert.True(labelPath.abs().min().item<float>() > 1e-3, "the label path must matter for the test to tell");
    }

    [Fact]
    public void TheAttackOnTheMixAndWithTheImageOnlyRatioGradientRaisesTheMixedLossToo()
    {
        using var scope = NewDisposeScope();
        var (model, images, labels) = EvalModelAndBatch();
        using var ownedModel = model;

        double Loss(params (string Key, string Value)[] settings)
        {
            using var generator = new Generator(9, CPU);
            var step = Create(settings).Step(new TrainingBatch(images, labels, model,
                DatasetProfile.For("fashion-mnist"), generator, 1, 0));
            return step.Loss.item<float>();
        }

        var plainMixup = Loss(("steps", "0"));
        var onMix = Loss(("steps", "5"), ("perturb", "mixed"));
        var imageOnly = Loss(("steps", "5"), ("ratio_gradient", "image"));
        Assert.True(plainMixup < onMix && plainMixup < imageOnly,
            $"mixed cross-entropy: plain mixup {plainMixup}, perturb=mixed {onMix}, ratio_gradient=image {imageOnly}");
    }
}
