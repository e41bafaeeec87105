using RobustGrid.Training.Augmentations;
using RobustGrid.Catalog.Methods;
using RobustGrid.Catalog.Settings;
using RobustGrid.Training.Data;
using RobustGrid.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Methods.AdvMixup;

/// <summary>
/// Adversarially optimized mixup (Bunk et al., arXiv 2103.11589) — a RECONSTRUCTION from the abstract; no official
/// code exists. Each sample is mixed with a random partner, x̃ = λ·clip(x₁+δ₁) + (1−λ)·clip(x₂+δ₂), λ ~ Beta(α, α).
/// "Backpropagation through the mixup interpolation": δ₁, δ₂ are found by L∞ PGD (random start, sign steps,
/// projection to the ε-ball and to [0, 1]) maximising the mixed loss w·CE(y₁) + (1−w)·CE(y₂) through the
/// interpolation; perturb=mixed instead puts one δ on the mix, x̃ = clip(λx₁ + (1−λ)x₂ + δ). "Mixup-ratio
/// optimisation" (optimize_ratio): λ takes sign-gradient steps of ratio_step in the same loop, clamped to [0, 1];
/// its gradient is the whole mixed loss's, or with ratio_gradient=image only the image path's (w held fixed).
/// "Geometrical label assignment" (labels): 'ratio' uses w = λ; 'projection' (an unverified guess at the paper's
/// rule) uses the position of x̃ projected on the clean segment x₂→x₁, clamped to [0, 1]. The attack runs with the
/// model in eval mode; training then uses CE on x̃ with weight w.
/// </summary>
internal sealed class AdvMixupMethod(SettingValues values) : ITrainingMethod
{
    private readonly double _alpha = values.Double("alpha");
    private readonly double _epsilon = values.Double("epsilon");
    private readonly int _steps = values.Int("steps");
    private readonly double _stepSize = values.Double("step_size");
    private readonly bool _optimizeRatio = values.Bool("optimize_ratio");
    private readonly double _ratioStep = values.Double("ratio_step");
    private readonly bool _projectionLabels = values.Text("labels") == AdvMixupInfo.ProjectionLabels;
    private readonly bool _perturbMixed = values.Text("perturb") == AdvMixupInfo.PerturbMixed;
    private readonly bool _ratioImageGradient = values.Text("ratio_gradient") == AdvMixupInfo.RatioImageGradient;

    public string Name => "adv-mixup";

    public IReadOnlyDictionary<string, string> Details => values.Describe();

    public MethodStep Step(TrainingBatch batch)
    {
        var device = batch.Images.device;
        var normalization = batch.Profile.Normalization;
        var n = batch.Images.shape[0];
        var first = batch.Profile.Augmentation.Apply(batch.Images, batch.Generator).to(ScalarType.Float32).div_(255);
        var partner = randperm(n, ScalarType.Int64, device, generator: batch.Generator);
        var second = first.index_select(0, partner);
        var secondLabels = batch.Labels.index_select(0, partner);
        var ratio = RandomDraws.Beta(n, _alpha, _alpha, batch.Generator, device).reshape(n, 1, 1, 1);
        var delta1 = RandomDraws.Uniform(first.numel(), -_epsilon, _epsilon, batch.Generator, device)
            .to(ScalarType.Float32).reshape(first.shape);
        var delta2 = RandomDraws.Uniform(first.numel(), -_epsilon, _epsilon, batch.Generator, device)
            .to(ScalarType.Float32).reshape(first.shape);
        if (_steps == 0)
        {
            delta1 = zeros_like(first);
            delta2 = zeros_like(first);
        }
        var wasTraining = batch.Model.training;
        batch.Model.eval();
        using (enable_grad())
        {
            for (var i = 0; i < _steps; i++)
            {
                using var step = NewDisposeScope();
                var d1 = delta1.detach().requires_grad_(true);
                var d2 = delta2.detach().requires_grad_(!_perturbMixed);
                var lam = ratio.detach().requires_grad_(_optimizeRatio);
                var loss = AttackLoss(batch.Model, normalization, first, second, d1, d2, lam, batch.Labels,
                    secondLabels);
                var inputs = new List<Tensor> { d1 };
                if (!_perturbMixed) inputs.Add(d2);
                if (_optimizeRatio) inputs.Add(lam);
                var gradients = autograd.grad([loss], inputs);
                if (_optimizeRatio)
                {
                    ratio = lam.detach().add(gradients[^1].sign().mul_(_ratioStep)).clamp_(0, 1)
                        .MoveToOuterDisposeScope();
                }
                var step1 = d1.detach().add(gradients[0].sign().mul_(_stepSize));
                if (_perturbMixed)
                {
                    // δ₁ is the mix's δ, kept in [0, 1] around the mix of the updated ratio.
                    delta1 = Project(Interpolate(first, second, ratio), step1).MoveToOuterDisposeScope();
                    continue;
                }
                delta1 = Project(first, step1).MoveToOuterDisposeScope();
                delta2 = Project(second, d2.detach().add(gradients[1].sign().mul_(_stepSize)))
                    .MoveToOuterDisposeScope();
            }
        }
        batch.Model.train(wasTraining);
        var adversarial = Mix(first, second, delta1, delta2, ratio).detach();
        var labelWeight = LabelWeight(adversarial, first, second, ratio).detach();
        var logits = batch.Model.call(normalization.Apply(adversarial));
        return new MethodStep(MixedCrossEntropy(logits, batch.Labels, secondLabels, labelWeight), logits);
    }

    /// <summary>
    /// The loss the attack ascends: the mixed cross-entropy of x̃, with the label weight taken from λ itself or,
    /// for ratio_gradient=image, from a detached λ so that λ's gradient comes through the image alone.
    /// </summary>
    internal Tensor AttackLoss(nn.Module<Tensor, Tensor> model, Normalization normalization, Tensor first,
        Tensor second, Tensor delta1, Tensor delta2, Tensor ratio, Tensor labels, Tensor secondLabels)
    {
        var mixed = Mix(first, second, delta1, delta2, ratio);
        var weight = LabelWeight(mixed.detach(), first, second, _ratioImageGradient ? ratio.detach() : ratio);
        return MixedCrossEntropy(model.call(normalization.Apply(mixed)), labels, secondLabels, weight);
    }

    /// <summary>x̃ from the endpoints' perturbations, or for perturb=mixed from δ₁ on the mix (δ₂ unused).</summary>
    internal Tensor Mix(Tensor first, Tensor second, Tensor delta1, Tensor delta2, Tensor ratio) =>
        _perturbMixed
            ? Interpolate(first, second, ratio).add(delta1).clamp(0, 1)
            : Interpolate(first.add(delta1).clamp(0, 1), second.add(delta2).clamp(0, 1), ratio);

    private static Tensor Interpolate(Tensor first, Tensor second, Tensor ratio) =>
        first.mul(ratio).add(second.mul(ratio.neg().add(1)));

    /// <summary>Keeps δ in the ε-ball and x + δ in [0, 1].</summary>
    private Tensor Project(Tensor clean, Tensor delta) =>
        clean.add(delta.clamp(-_epsilon, _epsilon)).clamp_(0, 1).sub_(clean);

    private Tensor LabelWeight(Tensor mixed, Tensor first, Tensor second, Tensor ratio)
    {
        if (!_projectionLabels) return ratio.reshape(-1);
        var segment = first.sub(second).flatten(1);
        var offset = mixed.sub(second).flatten(1);
        return offset.mul(segment).sum(1).div_(segment.pow(2).sum(1).clamp_min_(1e-12)).clamp_(0, 1);
    }

    private static Tensor MixedCrossEntropy(Tensor logits, Tensor labels, Tensor secondLabels, Tensor weight)
    {
        var ce1 = nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.None);
        var ce2 = nn.functional.cross_entropy(logits, secondLabels, reduction: nn.Reduction.None);
        var w = weight.reshape(-1);
        return w.mul(ce1).add(w.neg().add(1).mul(ce2)).mean();
    }
}
