using RobustGrid.Training.Methods;
using RobustGrid.Catalog.Methods;
using RobustGrid.Catalog.Settings;
using RobustGrid.Training.TestTime.Operations;
using static TorchSharp.torch;

namespace RobustGrid.Training.TestTime.DynTta;

/// <summary>
/// RECONSTRUCTION (named <c>dyntta-augment</c>): retraining with the augmentations DynTTA's weights point to. Each
/// training image is, with the given probability, replaced by one of the policy's top operations (drawn in
/// proportion to its aggregated weight) at its aggregated magnitude; URIE is excluded (it is an enhancer network, not an
/// augmentation). The operations run as the same batched computation DynTTA uses.
/// </summary>
public sealed class EstimatedAugmentationMethod : ITrainingMethod
{
    private readonly string _policyPath;
    private readonly int _top;
    private readonly double _probability;
    private readonly DynTtaOperations _operations = new(SharpnessKernel.OldKorniaUnnormalized);
    private Tensor? _choiceWeights;
    private Tensor? _magnitudes;

    public EstimatedAugmentationMethod(string policyPath, int top, double probability)
    {
        _policyPath = policyPath;
        _top = top;
        _probability = probability;
    }

    public string Name => "dyntta-augment";

    public MethodStep Step(TrainingBatch batch)
    {
        var device = batch.Images.device;
        if (_choiceWeights is null) Load(device);
        var unit = batch.Images.to(ScalarType.Float32).div(255.0);
        var rgb = FrozenClassifier.ToRgb(unit);
        var count = rgb.shape[0];
        Tensor augmented;
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            var outputs = _operations.ApplyAll(rgb, _magnitudes!.unsqueeze(0).expand(count, -1), x => x);
            var chosen = multinomial(_choiceWeights!.unsqueeze(0).expand(count, -1), 1, replacement: true, generator: batch.Generator).squeeze(1);
            var picked = DynTtaOperations.Blend(outputs, nn.functional.one_hot(chosen, OperationCatalog.Count).to(ScalarType.Float32));
            if (unit.shape[1] == 1) picked = picked.mean([1L], keepdim: true);
            var apply = rand([count], generator: batch.Generator, device: device).lt(_probability).view(-1, 1, 1, 1);
            augmented = where(apply, picked, unit).MoveToOuterDisposeScope();
        }
        var logits = batch.Model.call(batch.Profile.Normalization.Apply(augmented));
        return new MethodStep(nn.functional.cross_entropy(logits, batch.Labels), logits);
    }

    private void Load(Device device)
    {
        var policy = AugmentationPolicy.Load(_policyPath);
        var weights = policy.Weights.ToArray();
        weights[OperationCatalog.Urie] = 0;
        var keep = weights.Select((w, i) => (w, i)).OrderByDescending(p => p.w).Take(_top).Select(p => p.i).ToHashSet();
        var choice = weights.Select((w, i) => keep.Contains(i) ? (float)w : 0f).ToArray();
        // Created inside the trainer's step scope but kept for the whole run.
        _choiceWeights = Stages.ScopeEscape.Keep(tensor(choice, device: device));
        _magnitudes = Stages.ScopeEscape.Keep(tensor(policy.Magnitudes.Select(m => (float)m).ToArray(), device: device));
    }

    /// <summary>The method from its parsed hyperparameters (<see cref="DynTtaAugmentInfo"/>).</summary>
    public static EstimatedAugmentationMethod FromSettings(SettingValues values) =>
        values.OptionalText("policy") is { } policy
            ? new EstimatedAugmentationMethod(policy, values.Int("top"), values.Double("probability"))
            : throw new ArgumentException("method 'dyntta-augment' needs policy=<augmentation-policy.json from 'robustgrid dyntta'>");
}
