using RobustGrid.TestTime.Operations;
using RobustGrid.TestTime.Urie;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.TestTime.DynTta;

/// <summary>
/// The DynTTA enhancer: a predictor network reads the image and outputs, per image, a raw magnitude and a logit for
/// each of the 50 operations; the operations run in parallel on the original image and are blended with the softmax
/// weights. Input and output are RGB images in [0, 1] (grey images are replicated to 3 channels beforehand).
/// </summary>
internal sealed class DynTtaEnhancer : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> _predictor;
    private readonly SkUNet _urie;
    private readonly DynTtaOperations _operations;

    public DynTtaEnhancer(nn.Module<Tensor, Tensor> predictor, SkUNet urie) : base(nameof(DynTtaEnhancer))
    {
        _predictor = predictor;
        _urie = urie;
        _operations = new DynTtaOperations();
        register_module("predictor", _predictor);
        register_module("urie", _urie);
    }

    public SkUNet Urie => _urie;

    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        var (magnitudes, weights) = Predict(images);
        var outputs = _operations.ApplyAll(images, magnitudes, x => _urie.call(x));
        return DynTtaOperations.Blend(outputs, weights).MoveToOuterDisposeScope();
    }

    /// <summary>Disposes the registered modules and also what the operations keep, which no module registers.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing) _operations.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>Raw magnitudes [B, 50] and softmax weights [B, 50] (the predictor sees the images mapped to [-1,
    /// 1]).</summary>
    public (Tensor Magnitudes, Tensor Weights) Predict(Tensor images)
    {
        using var scope = NewDisposeScope();
        var output = _predictor.call(images.mul(2.0).sub(1.0));
        var magnitudes = output.narrow(1, 0, OperationCatalog.Count);
        var weights = output.narrow(1, OperationCatalog.Count, OperationCatalog.Count).softmax(1);
        return (magnitudes.MoveToOuterDisposeScope(), weights.MoveToOuterDisposeScope());
    }
}
