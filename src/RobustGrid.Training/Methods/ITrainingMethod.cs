using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Methods;

/// <summary>
/// A training method: it may change the model once before training (<see cref="PrepareModel"/>), and turns each
/// batch of uint8 images into a loss (augmentation, forward pass and loss are all its own).
/// </summary>
public interface ITrainingMethod
{
    string Name { get; }

    /// <summary>Returns the model to train (the given one, or a wrapper such as AdvBN's dual-BN model).</summary>
    nn.Module<Tensor, Tensor> PrepareModel(nn.Module<Tensor, Tensor> model) => model;

    /// <summary>Computes one batch's loss; runs inside the trainer's dispose scope on the training thread.</summary>
    MethodStep Step(TrainingBatch batch);

    /// <summary>The normalisation used for training and therefore for every evaluation of the result.</summary>
    Data.Normalization Normalization(Data.DatasetProfile profile) => profile.Normalization;
}

/// <summary>A batch as a method sees it: uint8 N×C×H×W images and int64 labels on the training device.</summary>
public sealed record TrainingBatch(
    Tensor Images,
    Tensor Labels,
    nn.Module<Tensor, Tensor> Model,
    Data.DatasetProfile Profile,
    Generator Generator,
    int Epoch,
    long Step);

/// <summary>The loss to minimise and the logits of the clean images (for running accuracy).</summary>
public readonly record struct MethodStep(Tensor Loss, Tensor Logits);
