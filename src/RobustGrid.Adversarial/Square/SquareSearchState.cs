using RobustGrid.Adversarial.Evaluation;
using RobustGrid.Adversarial.Norms;
using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Square;

/// <summary>
/// Best images, best loss and margin of a Square run, and the acceptance rule shared by both norms: a proposal
/// replaces the best image when it lowers the loss or misclassifies the image. With the margin loss AutoAttack uses,
/// loss and margin are the same number, but they are tracked apart as in the reference.
/// </summary>
internal sealed class SquareSearchState(Tensor best, Tensor margin)
{
    public Tensor Best { get; } = best;
    public Tensor Margin { get; } = margin;
    public Tensor Loss { get; } = margin.clone();

    /// <summary>Indices of the images still classified correctly (margin > 0), the ones the next query
    /// attacks.</summary>
    public Tensor Active() => Subsets.IndicesOf(Margin.gt(0));

    public bool AllFooled() => Margin.le(0).all().item<bool>();

    public void Accept(Tensor active, Tensor proposal, Tensor proposalMargin)
    {
        var loss = Loss.index_select(0, active);
        var margin = Margin.index_select(0, active);
        var best = Best.index_select(0, active);
        var lower = proposalMargin.lt(loss);
        Loss.index_copy_(0, active, where(lower, proposalMargin, loss));
        var accepted = lower.logical_or(proposalMargin.le(0));
        Margin.index_copy_(0, active, where(accepted, proposalMargin, margin));
        Best.index_copy_(0, active, where(Perturbations.PerImage(accepted, best), proposal, best));
    }
}
