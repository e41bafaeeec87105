using System.Text.Json;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Stages;
using RobustGrid.Training.Training;
using RobustGrid.NaTra.Generative;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.NaTra;

/// <summary>
/// NaTra stage 5's augmentation: a stage folder (stages 1 to 4) loaded once, and each batch transformed along a kept
/// attribute direction with the magnitude chosen adversarially inside [-bound, bound] (sign-gradient ascent on the
/// classifier's loss, classifier in eval mode for the search).
/// </summary>
public sealed class NaturalAdversary
{
    private readonly NaTraMethodOptions _options;
    private readonly GanModels _models;
    private readonly LatentCodeBank _bank;
    private readonly Tensor _directions;
    private readonly NaTraOptions _stageOptions;

    private NaturalAdversary(NaTraMethodOptions options, GanModels models, LatentCodeBank bank, Tensor directions,
        NaTraOptions stageOptions, double stageBound)
    {
        _options = options;
        _models = models;
        _bank = bank;
        _directions = directions;
        _stageOptions = stageOptions;
        Bound = options.Bound ?? stageBound;
    }

    /// <summary>The magnitude bound in use: the option's, or the bound stage 4 selected the directions with.</summary>
    public double Bound { get; }

    /// <summary>
    /// Loads the stage folder. Methods load it inside the trainer's step scope, so everything kept across steps
    /// escapes that scope.
    /// </summary>
    public static NaturalAdversary Load(NaTraMethodOptions options, Device device)
    {
        var models = GanTraining.LoadFrozen(options.StageDirectory, device, out var state);
        foreach (var module in models.All) ScopeEscape.Keep(module);
        // The bound stage 4 selected the directions with is in its report; stage 1's saved options are those of the
        // last run that trained the GAN or encoder, which need not be the run that chose the directions.
        var reportPath = Path.Combine(options.StageDirectory, NaTraReport.FileName);
        var stageBound = File.Exists(reportPath)
            ? JsonSerializer.Deserialize<NaTraReport>(File.ReadAllText(reportPath), CheckpointFile.Json)!.Options.Bound
            : state.Options.Bound;
        var bank = LatentCodeBank.Load(options.StageDirectory, device);
        ScopeEscape.Keep(bank.Codes);
        var directionsPath = Path.Combine(options.StageDirectory, NaTraPipeline.DirectionsFile);
        var directions = ScopeEscape.Keep(
            TensorFile.LoadWithShapes(directionsPath, ScalarType.Float32, device)["directions"]);
        return new NaturalAdversary(options, models, bank, directions, state.Options, stageBound);
    }

    /// <summary>The batch's images transformed at the adversarial magnitudes, in [0, 1] and detached.</summary>
    public Tensor Images(TrainingBatch batch)
    {
        using var scope = NewDisposeScope();
        var device = batch.Images.device;
        var count = batch.Images.shape[0];
        var unit = batch.Images.to(ScalarType.Float32).div(255.0);
        var codes = CodesFor(batch.Images);
        var choice = randint(0, _directions.shape[0], [count], device: device, generator: batch.Generator);
        var directions = _directions.index_select(0, choice);
        var magnitudes = _options.RandomStart
            ? rand([count], device: device, generator: batch.Generator).mul_(2 * Bound).sub_(Bound)
            : zeros([count], device: device);
        var model = batch.Model;
        var wasTraining = model.training;
        model.eval();
        try
        {
            magnitudes = AdversarialMagnitude.Search(
                t => nn.functional.cross_entropy(
                    model.call(batch.Profile.Normalization.Apply(
                        NaturalTransform.Apply(_models.Generator, unit, codes, directions, t, _options.Transform))),
                    batch.Labels, reduction: nn.Reduction.Sum),
                magnitudes, Bound, _options.AttackSteps, _options.StepFraction * Bound);
        }
        finally
        {
            model.train(wasTraining);
        }
        using var noGrad = no_grad();
        return NaturalTransform.Apply(_models.Generator, unit, codes, directions, magnitudes, _options.Transform)
            .MoveToOuterDisposeScope();
    }

    private Tensor CodesFor(Tensor byteImages)
    {
        using var scope = NewDisposeScope();
        var rows = _bank.Rows(byteImages);
        var missing = rows.Select((r, i) => (r, i)).Where(p => p.r < 0).Select(p => (long)p.i).ToArray();
        var safeRows = tensor(rows.Select(r => Math.Max(r, 0)).ToArray(), device: byteImages.device);
        var codes = _bank.Codes.index_select(0, safeRows);
        if (missing.Length > 0)
        {
            // Images outside the cached set (e.g. a larger --train-limit than stage 2 saw) are inverted on the fly.
            var index = tensor(missing, device: byteImages.device);
            var inverted = LatentInversion.Invert(_models, GanImages.FromBytes(byteImages.index_select(0, index)),
                _stageOptions.RefineSteps, _stageOptions.RefineLearningRate);
            codes = codes.index_copy(0, index, inverted);
        }
        return codes.MoveToOuterDisposeScope();
    }
}
