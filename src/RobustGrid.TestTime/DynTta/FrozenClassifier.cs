using RobustGrid.Training.Checkpoints;
using static TorchSharp.torch;

namespace RobustGrid.TestTime.DynTta;

/// <summary>
/// DynTTA stage 1: a trained classifier, frozen (eval mode, no gradients into its weights). It takes RGB images in
/// [0, 1] as the enhancers produce them; for a grey classifier the three channels are averaged back to one.
/// </summary>
public sealed class FrozenClassifier : IDisposable
{
    public FrozenClassifier(TrainedModel model)
    {
        Model = model;
        model.Module.eval();
        foreach (var p in model.Module.parameters()) p.requires_grad = false;
    }

    public TrainedModel Model { get; }
    public int Channels => Model.Metadata.InputChannels;

    public Tensor Logits(Tensor rgbUnitImages)
    {
        using var scope = NewDisposeScope();
        var input = Channels == 1 ? rgbUnitImages.mean([1L], keepdim: true) : rgbUnitImages;
        return Model.Module.call(Model.Normalization.Apply(input)).MoveToOuterDisposeScope();
    }

    /// <summary>Grey [N, 1, H, W] to RGB by replication; RGB unchanged.</summary>
    public static Tensor ToRgb(Tensor unitImages) =>
        unitImages.shape[1] == 1 ? unitImages.expand(-1, 3, -1, -1).contiguous() : unitImages;

    public void Dispose() => Model.Dispose();
}
