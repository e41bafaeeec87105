using RobustGrid.Catalog.Methods;
using RobustGrid.Catalog.Settings;
using RobustGrid.Training.Generative;
using RobustGrid.Training.Methods;
using RobustGrid.Training.Stages;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.NaTra;

/// <summary>
/// NaTra stage 5 (reconstruction): each batch is also transformed along a kept attribute direction with the magnitude
/// chosen adversarially inside [-bound, bound] (sign-gradient ascent on the classifier's loss, classifier in eval
/// mode for the search), and CE on those images is added to the clean CE. The stage folder (stages 1 to 4) is
/// loaded on the first step, so rebuilding a checkpoint's model does not need it.
/// </summary>
public sealed class NaTraMethod : ITrainingMethod
{
    private readonly NaTraMethodOptions _options;
    private GanModels? _models;
    private LatentCodeBank? _bank;
    private Tensor? _directions;
    private NaTraOptions? _stageOptions;
    private double _stageBound;

    public NaTraMethod(NaTraMethodOptions options) => _options = options;

    public string Name => "natra";

    public MethodStep Step(TrainingBatch batch)
    {
        EnsureLoaded(batch.Images.device);
        var bound = _options.Bound ?? _stageBound;
        var augmented = batch.Profile.Augmentation.Apply(batch.Images, batch.Generator);
        var logits = batch.Model.call(batch.Profile.Normalization.FromBytes(augmented));
        var loss = nn.functional.cross_entropy(logits, batch.Labels);

        using (var scope = NewDisposeScope())
        {
            var adversarial = AdversarialImages(batch, bound);
            var adversarialLoss = nn.functional.cross_entropy(batch.Model.call(batch.Profile.Normalization.Apply(adversarial)), batch.Labels);
            loss = loss.add(adversarialLoss.mul(_options.LossWeight)).MoveToOuterDisposeScope();
        }
        return new MethodStep(loss, logits);
    }

    /// <summary>The transformed batch (detached) at the adversarial magnitudes.</summary>
    public Tensor AdversarialImages(TrainingBatch batch, double bound)
    {
        using var scope = NewDisposeScope();
        var device = batch.Images.device;
        var count = batch.Images.shape[0];
        var unit = batch.Images.to(ScalarType.Float32).div(255.0);
        var codes = CodesFor(batch.Images);
        var choice = randint(0, _directions!.shape[0], [count], device: device, generator: batch.Generator);
        var directions = _directions.index_select(0, choice);
        var magnitudes = _options.RandomStart
            ? rand([count], device: device, generator: batch.Generator).mul_(2 * bound).sub_(bound)
            : zeros([count], device: device);
        var model = batch.Model;
        var wasTraining = model.training;
        model.eval();
        try
        {
            magnitudes = AdversarialMagnitude.Search(
                t => nn.functional.cross_entropy(
                    model.call(batch.Profile.Normalization.Apply(NaturalTransform.Apply(_models!.Generator, unit, codes, directions, t, _options.Transform))),
                    batch.Labels, reduction: nn.Reduction.Sum),
                magnitudes, bound, _options.AttackSteps, _options.StepFraction * bound);
        }
        finally
        {
            model.train(wasTraining);
        }
        using var noGrad = no_grad();
        return NaturalTransform.Apply(_models!.Generator, unit, codes, directions, magnitudes, _options.Transform).MoveToOuterDisposeScope();
    }

    private Tensor CodesFor(Tensor byteImages)
    {
        using var scope = NewDisposeScope();
        var rows = _bank!.Rows(byteImages);
        var missing = rows.Select((r, i) => (r, i)).Where(p => p.r < 0).Select(p => (long)p.i).ToArray();
        var safeRows = tensor(rows.Select(r => Math.Max(r, 0)).ToArray(), device: byteImages.device);
        var codes = _bank.Codes.index_select(0, safeRows);
        if (missing.Length > 0)
        {
            // Images outside the cached set (e.g. a larger --train-limit than stage 2 saw) are inverted on the fly.
            var index = tensor(missing, device: byteImages.device);
            var inverted = LatentInversion.Invert(_models!, GanImages.FromBytes(byteImages.index_select(0, index)),
                _stageOptions!.RefineSteps, _stageOptions.RefineLearningRate);
            codes = codes.index_copy(0, index, inverted);
        }
        return codes.MoveToOuterDisposeScope();
    }

    private void EnsureLoaded(Device device)
    {
        if (_models is not null) return;
        // Loaded inside the trainer's step scope: everything kept across steps escapes it.
        _models = GanTraining.LoadFrozen(_options.StageDirectory, device, out var state);
        foreach (var module in _models.All) ScopeEscape.Keep(module);
        _stageOptions = state.Options;
        // The bound stage 4 selected the directions with is in its report; stage 1's saved options are those of the
        // last run that trained the GAN or encoder, which need not be the run that chose the directions.
        var reportPath = Path.Combine(_options.StageDirectory, NaTraReport.FileName);
        _stageBound = File.Exists(reportPath)
            ? System.Text.Json.JsonSerializer.Deserialize<NaTraReport>(File.ReadAllText(reportPath), Checkpoints.CheckpointFile.Json)!.Options.Bound
            : state.Options.Bound;
        _bank = LatentCodeBank.Load(_options.StageDirectory, device);
        ScopeEscape.Keep(_bank.Codes);
        _directions = ScopeEscape.Keep(TensorFile.LoadWithShapes(Path.Combine(_options.StageDirectory, NaTraPipeline.DirectionsFile), ScalarType.Float32, device)["directions"]);
    }

    /// <summary>The method from its parsed hyperparameters (<see cref="NaTraInfo"/>).</summary>
    public static NaTraMethod FromSettings(SettingValues values) => new(NaTraMethodOptions.From(values));
}

/// <summary>Stage 5's named options (the trainer's --set key=value).</summary>
public sealed record NaTraMethodOptions(string StageDirectory)
{
    /// <summary>Magnitude bound; null: the bound stage 4 selected the directions with.</summary>
    public double? Bound { get; init; }
    public int AttackSteps { get; init; } = 3;
    /// <summary>Sign-gradient step as a fraction of the bound.</summary>
    public double StepFraction { get; init; } = 0.5;
    public double LossWeight { get; init; } = 1.0;
    public bool RandomStart { get; init; } = true;
    public TransformMode Transform { get; init; } = TransformMode.Residual;

    /// <summary>Stage 5's options; a bound of 0 means the bound stage 4 selected the directions with.</summary>
    public static NaTraMethodOptions From(SettingValues values)
    {
        var stages = values.OptionalText("stages")
            ?? throw new ArgumentException("method 'natra' needs stages=<folder of 'robustgrid natra'>");
        var bound = values.Double("bound");
        return new NaTraMethodOptions(stages)
        {
            Bound = bound == 0 ? null : bound,
            AttackSteps = values.Int("attack-steps"),
            StepFraction = values.Double("step-fraction"),
            LossWeight = values.Double("loss-weight"),
            RandomStart = values.Bool("random-start"),
            Transform = NaturalTransform.ParseMode(values.Text("transform")),
        };
    }
}
