using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.TestTime.Urie;

/// <summary>
/// A convolution with a bias, built without a stray tensor: TorchSharp's constructor sizes the bias's initial range
/// from an indexed view of the weight that it never disposes, which would stay live until a finalizer ran, once per
/// construction and so once per trial. Built in a scope that keeps only the module's own parameters.
/// </summary>
internal static class BiasedConv
{
    public static Conv2d Create(long inChannels, long outChannels, long kernelSize, long padding)
    {
        using var scope = NewDisposeScope();
        var conv = nn.Conv2d(inChannels, outChannels, kernelSize, padding: padding);
        scope.Detach(conv.parameters());
        return conv;
    }
}
