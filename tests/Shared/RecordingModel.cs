using static TorchSharp.torch;

namespace RobustGrid.Tests.Shared;

/// <summary>A model that records every call's input, logits and mode, so a test sees what a method fed it.</summary>
internal sealed class RecordingModel : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> _model;

    public RecordingModel(nn.Module<Tensor, Tensor> model) : base(nameof(RecordingModel))
    {
        _model = model;
        register_module("model", _model);
    }

    public List<(Tensor Input, Tensor Logits, bool Training)> Calls { get; } = [];

    public override Tensor forward(Tensor input)
    {
        var logits = _model.call(input);
        // Kept past the caller's dispose scopes: the test reads them after the step.
        Calls.Add((Kept(input), Kept(logits), training));
        return logits;
    }

    private static Tensor Kept(Tensor tensor) => tensor.detach().clone().DetachFromDisposeScope();
}
