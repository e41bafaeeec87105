using RobustGrid.Training.Data;
using RobustGrid.Training.Augmentations;
using static TorchSharp.torch;

namespace RobustGrid.TestTime.Shifts;

/// <summary>
/// DynTTA's blind training shift (CUB_dataset/augmix.py, AugMixDataset with no_jsd): one AugMix view per image,
/// severity 5, width 3, depth −1 (1–3 ops per chain), Dirichlet(1)/Beta(1, 1) mixing. The reference's list adds
/// color, contrast, brightness and sharpness to AugMix's 9 ops; of those four only contrast exists here (an opt-in
/// AugMix op), so this shift uses AugMix's 9 default ops, as the evidence runs did (a named deviation,
/// docs/methods.md).
/// </summary>
internal sealed class AugMixShift(int severity = 5, int width = 3, int depth = -1, double alpha = 1.0) : IBatchShift
{
    private readonly AugMixAugmenter _augmenter = new(severity, width, depth, alpha);

    public string Name => $"AugMix views (severity {severity}, width {width}, depth {depth}, 9 ops)";

    public Tensor Apply(Tensor byteImages, Generator generator)
    {
        using var scope = NewDisposeScope();
        var channels = (int)byteImages.shape[1];
        // Identity normalisation: the augmenter's mixing then happens in [0, 1], which is what the enhancer sees.
        var unit = new Normalization(new double[channels], Enumerable.Repeat(1.0, channels).ToArray());
        return _augmenter.Augment(byteImages, 1, unit, generator).clamp_(0, 1).MoveToOuterDisposeScope();
    }
}
