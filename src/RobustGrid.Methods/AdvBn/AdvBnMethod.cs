using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Data;
using RobustGrid.Catalog.Settings;
using RobustGrid.Training.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.Methods.AdvBn;

/// <summary>
/// AdvBN (Shu et al., NeurIPS 2021; azshue/AdvBN): fine-tunes a trained classifier. The stem's features are
/// perturbed in their per-channel mean and deviation by <see cref="FeatureStatisticsAttack"/>; the head trains on
/// CE(adversarial features, adversarial BNs) + CE(clean features, clean BNs). Recipe: 20 epochs, SGD lr 0.001,
/// momentum 0.9, wd 1e-4, x0.1 every 10 epochs, head parameters only. The starting weights come from the
/// checkpoint named by the <c>checkpoint</c> hyperparameter (a trial of another method, same model and dataset).
/// </summary>
internal sealed class AdvBnMethod(SettingValues values) : ITrainingMethod
{
    private readonly FeatureStatisticsAttack _attack =
        new(values.Int("repeats"), values.Double("step"), values.Double("epsilon"));
    private CheckpointMetadata? _pretrained;

    public string Name => "advbn";

    public IReadOnlyDictionary<string, string> Details
    {
        get
        {
            var details = values.Describe().ToDictionary();
            if (_pretrained is not null)
                details["pretrained"] = $"{_pretrained.Config.Method} {_pretrained.ModelName}, " +
                    $"{_pretrained.EpochsCompleted} epoch(s) on {_pretrained.Config.Dataset}";
            return details;
        }
    }

    public nn.Module<Tensor, Tensor> PrepareModel(nn.Module<Tensor, Tensor> model) => new AdvBnModel(model);

    public void InitializeModel(nn.Module<Tensor, Tensor> model)
    {
        var wrapper = (AdvBnModel)model;
        var path = PretrainedPath();
        _pretrained = CheckpointFile.ReadMetadata(path);
        try
        {
            CheckpointFile.Load(path, wrapper.Classifier, optimizer: null);
        }
        catch (Exception ex) when (ex is not CheckpointCorruptException)
        {
            throw new ArgumentException(
                $"advbn: {path} holds a {_pretrained.ModelName} for {_pretrained.Classes} classes ({ex.Message}); " +
                $"train with --model {_pretrained.ModelName} on {_pretrained.Config.Dataset}", ex);
        }
        wrapper.CopyCleanToAdversarial();
    }

    public IEnumerable<Parameter> TrainableParameters(nn.Module<Tensor, Tensor> model) =>
        model.parameters().Where(p => p.requires_grad);

    /// <summary>The pretrained model's normalisation: fine-tuning must see inputs as it was trained on them.</summary>
    public Normalization Normalization(DatasetProfile profile)
    {
        _pretrained ??= CheckpointFile.ReadMetadata(PretrainedPath());
        return new Normalization(_pretrained.NormalizationMean, _pretrained.NormalizationStd);
    }

    public MethodStep Step(TrainingBatch batch)
    {
        var model = (AdvBnModel)batch.Model;
        var images = batch.Profile.Augmentation.Apply(batch.Images, batch.Generator);
        var input = Normalization(batch.Profile).FromBytes(images);
        Tensor features;
        using (no_grad()) features = model.Stem(input);
        var adversarial = _attack.Perturb(model, features, batch.Labels);
        var adversarialLogits = model.Head(adversarial.Features, adversarial: true);
        var cleanLogits = model.Head(features, adversarial: false);
        var loss = nn.functional.cross_entropy(adversarialLogits, batch.Labels)
            .add(nn.functional.cross_entropy(cleanLogits, batch.Labels));
        return new MethodStep(loss, cleanLogits);
    }

    private string PretrainedPath()
    {
        var value = values.OptionalText("checkpoint")
            ?? throw new ArgumentException(
                "advbn fine-tunes a trained model: pass --set checkpoint=PATH (a checkpoint.rgck or its run folder)");
        return CheckpointFile.Resolve(value);
    }
}
