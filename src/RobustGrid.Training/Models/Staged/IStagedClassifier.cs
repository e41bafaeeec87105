using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.Training.Models.Staged;

/// <summary>
/// A classifier split after its first stage (AdvBN's cut=1): a stem that maps images to features and a head
/// that maps features to logits. forward(x) is always Head(Stem(x), clean).
/// </summary>
public interface IStagedClassifier
{
    /// <summary>The modules of the first stage (frozen by AdvBN).</summary>
    IReadOnlyList<nn.Module> StemModules { get; }

    /// <summary>Every batch norm after the split, in a fixed order.</summary>
    IReadOnlyList<BatchNorm2d> HeadBatchNorms { get; }

    /// <summary>True when the stem ends in a ReLU (or a max-pool of one), so features are non-negative.</summary>
    bool StemOutputIsRectified { get; }

    Tensor ForwardStem(Tensor images);

    Tensor ForwardHead(Tensor features, IBatchNormRoute route);
}
