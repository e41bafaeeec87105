using RobustGrid.TestTime.Operations;
using RobustGrid.Training.Stages;
using static TorchSharp.torch;

namespace RobustGrid.TestTime.DynTta;

/// <summary>
/// RECONSTRUCTION: an <see cref="AugmentationPolicy"/> as a training augmentation. Each image is, with the given
/// probability, replaced by one of the policy's top operations (drawn in proportion to its aggregated weight) at its
/// aggregated magnitude; URIE is excluded (it is an enhancer network, not an augmentation). The operations run as the
/// same batched computation DynTTA uses.
/// </summary>
public sealed class PolicyAugmentation
{
    private readonly DynTtaOperations _operations = new();
    private readonly Tensor _choiceWeights;
    private readonly Tensor _magnitudes;
    private readonly double _probability;

    private PolicyAugmentation(Tensor choiceWeights, Tensor magnitudes, double probability)
    {
        _choiceWeights = choiceWeights;
        _magnitudes = magnitudes;
        _probability = probability;
    }

    /// <summary>
    /// The policy file's <paramref name="top"/> operations. Methods load it inside the trainer's step scope, so its
    /// tensors escape that scope.
    /// </summary>
    public static PolicyAugmentation Load(string policyPath, int top, double probability, Device device)
    {
        var policy = AugmentationPolicy.Load(policyPath);
        var weights = policy.Weights.ToArray();
        weights[OperationCatalog.Urie] = 0;
        var keep = weights.Select((w, i) => (w, i)).OrderByDescending(p => p.w).Take(top).Select(p => p.i).ToHashSet();
        var choice = weights.Select((w, i) => keep.Contains(i) ? (float)w : 0f).ToArray();
        return new PolicyAugmentation(ScopeEscape.Keep(tensor(choice, device: device)),
            ScopeEscape.Keep(tensor(policy.Magnitudes.Select(m => (float)m).ToArray(), device: device)), probability);
    }

    /// <summary>uint8 N×C×H×W images to float images in [0, 1] of the same shape, some of them augmented.</summary>
    public Tensor Apply(Tensor byteImages, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var unit = byteImages.to(ScalarType.Float32).div(255.0);
        var rgb = FrozenClassifier.ToRgb(unit);
        var count = rgb.shape[0];
        var outputs = _operations.ApplyAll(rgb, _magnitudes.unsqueeze(0).expand(count, -1), x => x);
        var weights = _choiceWeights.unsqueeze(0).expand(count, -1);
        var chosen = multinomial(weights, 1, replacement: true, generator: generator).squeeze(1);
        var oneHot = nn.functional.one_hot(chosen, OperationCatalog.Count).to(ScalarType.Float32);
        var picked = DynTtaOperations.Blend(outputs, oneHot);
        if (unit.shape[1] == 1) picked = picked.mean([1L], keepdim: true);
        var apply = rand([count], generator: generator, device: byteImages.device).lt(_probability).view(-1, 1, 1, 1);
        return where(apply, picked, unit).MoveToOuterDisposeScope();
    }
}
