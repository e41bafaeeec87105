using RobustGrid.Training.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.Training.Training;

/// <summary>
/// A training method: it may change the model's structure (<see cref="PrepareModel"/>) and its starting weights
/// (<see cref="InitializeModel"/>), and turns each batch of uint8 images into a loss (augmentation, forward
/// pass and loss are all its own).
/// </summary>
public interface ITrainingMethod
{
    string Name { get; }

    /// <summary>
    /// Returns the model to train (the given one, or a wrapper such as AdvBN's dual-BN model). Structure only:
    /// <see cref="Checkpoints.TrainedModel"/> calls it too before loading trained weights.
    /// </summary>
    nn.Module<Tensor, Tensor> PrepareModel(nn.Module<Tensor, Tensor> model) => model;

    /// <summary>Sets the starting weights of a fresh run (AdvBN loads its pretrained checkpoint); not called on
    /// resume.</summary>
    void InitializeModel(nn.Module<Tensor, Tensor> model)
    {
    }

    /// <summary>The parameters the optimiser updates (AdvBN: the head only).</summary>
    IEnumerable<Parameter> TrainableParameters(nn.Module<Tensor, Tensor> model) => model.parameters();

    /// <summary>Computes one batch's loss; runs inside the trainer's dispose scope on the training thread.</summary>
    MethodStep Step(TrainingBatch batch);

    /// <summary>The normalisation used for training and therefore for every evaluation of the result.</summary>
    Normalization Normalization(DatasetProfile profile) => profile.Normalization;

    /// <summary>What the run used, recorded in the checkpoint: every hyperparameter with defaults, and inputs such as a
    /// mixing set.</summary>
    IReadOnlyDictionary<string, string> Details => new Dictionary<string, string>();
}

/// <summary>A batch as a method sees it: uint8 N×C×H×W images and int64 labels on the training device.</summary>
public sealed record TrainingBatch(
    Tensor Images,
    Tensor Labels,
    nn.Module<Tensor, Tensor> Model,
    DatasetProfile Profile,
    Generator Generator,
    int Epoch,
    long Step);

/// <summary>The loss to minimise and the logits of the clean images (for running accuracy).</summary>
public readonly record struct MethodStep(Tensor Loss, Tensor Logits);
