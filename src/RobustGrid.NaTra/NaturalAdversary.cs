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
/// classifier's loss, classifier in eval mode for the search). Images are rendered from stage 3's cached expansion
/// (<see cref="LatentCodes.Expanded"/>) or from stage 2's single codes.
/// </summary>
public sealed class NaturalAdversary : IDisposable
{
    private readonly NaTraMethodOptions _options;
    private readonly GanModels _models;
    private readonly LatentCodeBank _bank;
    private readonly ExpandedCodeBank? _expanded;
    private readonly Tensor _directions;
    private readonly NaTraOptions _stageOptions;

    private NaturalAdversary(NaTraMethodOptions options, GanModels models, LatentCodeBank bank,
        ExpandedCodeBank? expanded, Tensor directions, NaTraOptions stageOptions, double stageBound)
    {
        _options = options;
        _models = models;
        _bank = bank;
        _expanded = expanded;
        _directions = directions;
        _stageOptions = stageOptions;
        Bound = options.Bound ?? stageBound;
    }

    /// <summary>The magnitude bound in use: the option's, or the bound stage 4 selected the directions with.</summary>
    public double Bound { get; }

    /// <summary>The codes x′ is rendered from, for the checkpoint's method details.</summary>
    public string CodesUsed => _expanded is { } e
        ? $"expanded: {e.State.Settings.Codes} codes per image combined after generator block {e.Layer}, " +
          $"{e.State.Images} training images cached (MSE refined {e.State.RefinedError:F4}, " +
          $"expanded {e.State.ExpandedError:F4})"
        : $"single: one code per image, {_bank.Count} training images cached";

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
        var expanded = options.Codes == LatentCodes.Expanded
            ? ExpandedCodeBank.Load(options.StageDirectory, bank, device)
            : null;
        if (expanded is not null)
        {
            ScopeEscape.Keep(expanded.Codes);
            ScopeEscape.Keep(expanded.Weights);
        }
        var directionsPath = Path.Combine(options.StageDirectory, NaTraPipeline.DirectionsFile);
        var directions = ScopeEscape.Keep(
            TensorFile.LoadWithShapes(directionsPath, ScalarType.Float32, device)["directions"]);
        return new NaturalAdversary(options, models, bank, expanded, directions, state.Options, stageBound);
    }

    /// <summary>The stage folder's models, codes and directions live outside every dispose scope: a run that does not
    /// dispose them keeps the generator's weights until the garbage collector happens to finalise them.</summary>
    public void Dispose()
    {
        _models.Dispose();
        _bank.Dispose();
        _expanded?.Dispose();
        _directions.Dispose();
    }

    /// <summary>The batch's images transformed at the adversarial magnitudes, in [0, 1] and detached.</summary>
    public Tensor Images(TrainingBatch batch)
    {
        using var scope = NewDisposeScope();
        var device = batch.Images.device;
        var count = batch.Images.shape[0];
        var unit = batch.Images.to(ScalarType.Float32).div(255.0);
        var codes = CodesFor(batch.Images, batch.Generator);
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
                    model.call(batch.Profile.Normalization.Apply(Render(unit, codes, directions, t))),
                    batch.Labels, reduction: nn.Reduction.Sum),
                magnitudes, Bound, _options.AttackSteps, _options.StepFraction * Bound);
        }
        finally
        {
            model.train(wasTraining);
        }
        using var noGrad = no_grad();
        return Render(unit, codes, directions, magnitudes).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// x′ in [0, 1] for given kept directions (rows of stage 4's file) and magnitudes: the images
    /// <see cref="Images"/> trains on once its search has chosen the magnitudes.
    /// </summary>
    internal Tensor Transform(Tensor byteImages, Tensor directionRows, Tensor magnitudes, Generator random)
    {
        using var scope = NewDisposeScope();
        var codes = CodesFor(byteImages, random);
        using var noGrad = no_grad();
        var unit = byteImages.to(ScalarType.Float32).div(255.0);
        return Render(unit, codes, _directions.index_select(0, directionRows), magnitudes).MoveToOuterDisposeScope();
    }

    private Tensor Render(Tensor unit, BatchCodes codes, Tensor directions, Tensor magnitudes) =>
        NaturalTransform.Apply(_models.Generator, unit, codes, directions, magnitudes, _options.Transform);

    /// <summary>The images' cached codes, in the caller's dispose scope.</summary>
    private BatchCodes CodesFor(Tensor byteImages, Generator random)
    {
        var rows = _bank.Rows(byteImages);
        var missing = rows.Select((r, i) => (r, i)).Where(p => p.r < 0).Select(p => (long)p.i).ToArray();
        var safeRows = tensor(rows.Select(r => Math.Max(r, 0)).ToArray(), device: byteImages.device);
        var index = tensor(missing, device: byteImages.device);
        // Images outside the cached set (e.g. a larger --train-limit than stage 2 saw) are inverted, and expanded, on
        // the fly, as stages 2 and 3 would have.
        var images = missing.Length > 0 ? GanImages.FromBytes(byteImages.index_select(0, index)) : null;
        var inverted = images is null ? null : LatentInversion.Invert(_models, images, _stageOptions.RefineSteps,
            _stageOptions.RefineLearningRate);
        if (_expanded is null)
        {
            var codes = _bank.Codes.index_select(0, safeRows);
            return new BatchCodes(inverted is null ? codes : codes.index_copy(0, index, inverted));
        }
        var expandedCodes = _expanded.Codes.index_select(0, safeRows);
        var weights = _expanded.Weights.index_select(0, safeRows);
        if (inverted is not null)
        {
            var fitted = LatentExpansion.Fit(_models.Generator, images!, inverted, _expanded.State.Settings, random);
            expandedCodes = expandedCodes.index_copy(0, index, fitted.Codes);
            weights = weights.index_copy(0, index, fitted.Weights);
        }
        return new BatchCodes(expandedCodes, weights, _expanded.Layer);
    }
}
