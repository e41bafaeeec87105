using RobustGrid.Catalog.Methods;
using RobustGrid.Catalog.Settings;
using RobustGrid.NaTra;
using RobustGrid.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Methods.NaTra;

/// <summary>
/// NaTra stage 5 (reconstruction): CE on each batch's images moved adversarially along a kept attribute direction
/// (<see cref="NaturalAdversary"/>) is added to the clean CE. The stage folder (stages 1 to 4) is loaded on the first
/// step, so rebuilding a checkpoint's model does not need it.
/// </summary>
internal sealed class NaTraMethod(SettingValues values) : ITrainingMethod, IDisposable
{
    private readonly NaTraMethodOptions _options = NaTraMethodOptions.From(values);
    private NaturalAdversary? _adversary;

    public string Name => "natra";

    /// <summary>Every hyperparameter, and, once the stage folder is loaded, the codes x′ was rendered from.</summary>
    public IReadOnlyDictionary<string, string> Details
    {
        get
        {
            var details = values.Describe().ToDictionary();
            if (_adversary is not null) details["codes_used"] = _adversary.CodesUsed;
            return details;
        }
    }

    public MethodStep Step(TrainingBatch batch)
    {
        _adversary ??= NaturalAdversary.Load(_options, batch.Images.device);
        var augmented = batch.Profile.Augmentation.Apply(batch.Images, batch.Generator);
        var logits = batch.Model.call(batch.Profile.Normalization.FromBytes(augmented));
        var loss = nn.functional.cross_entropy(logits, batch.Labels);

        using (var scope = NewDisposeScope())
        {
            var adversarial = _adversary.Images(batch);
            var adversarialLoss = nn.functional.cross_entropy(
                batch.Model.call(batch.Profile.Normalization.Apply(adversarial)), batch.Labels);
            loss = loss.add(adversarialLoss.mul(_options.LossWeight)).MoveToOuterDisposeScope();
        }
        return new MethodStep(loss, logits);
    }

    public void Dispose() => _adversary?.Dispose();

    /// <summary>The method from its parsed hyperparameters (<see cref="NaTraInfo"/>).</summary>
    public static NaTraMethod FromSettings(SettingValues values) => new(values);
}
