using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Stages;

/// <summary>
/// Methods load their stage models lazily inside the trainer's per-step dispose scope; anything they keep across
/// steps must leave that scope, or it is disposed when the step ends.
/// </summary>
public static class ScopeEscape
{
    public static Tensor Keep(Tensor tensor) => tensor.DetachFromDisposeScope();

    public static T Keep<T>(T module) where T : nn.Module
    {
        foreach (var p in module.parameters()) p.DetachFromDisposeScope();
        foreach (var b in module.buffers()) b.DetachFromDisposeScope();
        return module;
    }
}
