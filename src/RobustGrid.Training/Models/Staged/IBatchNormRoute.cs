using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.Training.Models.Staged;

/// <summary>
/// Decides which batch norm normalises a feature map. Models call every head batch norm through a route, so a
/// method can run the same convolutions with other normalisation statistics (AdvBN's adversarial copies).
/// </summary>
public interface IBatchNormRoute
{
    Tensor Normalize(BatchNorm2d clean, Tensor features);
}

/// <summary>The model's own batch norms: the plain forward pass.</summary>
public sealed class CleanBatchNormRoute : IBatchNormRoute
{
    public static readonly CleanBatchNormRoute Instance = new();

    private CleanBatchNormRoute()
    {
    }

    public Tensor Normalize(BatchNorm2d clean, Tensor features) => clean.call(features);
}
