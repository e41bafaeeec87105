using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.TestTime.Urie;

/// <summary>
/// URIE's selective convolution: one 3×3 conv on batch-normalised input, one on instance-normalised input (both
/// leaky ReLU), mixed per channel and region by the <see cref="Selector"/>'s attention.
/// </summary>
internal sealed class SelectiveConv : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d _batchBranch;
    private readonly Conv2d _instanceBranch;
    private readonly Selector _selector;
    private readonly BatchNorm2d _batchNorm;
    private readonly InstanceNorm2d _instanceNorm;

    public SelectiveConv(int inChannels, int outChannels, int reduction = 16) : base(nameof(SelectiveConv))
    {
        _batchBranch = nn.Conv2d(inChannels, outChannels, 3, padding: 1, bias: false);
        _instanceBranch = nn.Conv2d(inChannels, outChannels, 3, padding: 1, bias: false);
        _selector = new Selector(outChannels, reduction);
        _instanceNorm = nn.InstanceNorm2d(inChannels);
        _batchNorm = nn.BatchNorm2d(inChannels);
        register_module("conv1", _batchBranch);
        register_module("conv2", _instanceBranch);
        register_module("selector", _selector);
        register_module("IN", _instanceNorm);
        register_module("BN", _batchNorm);
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var batchOut = _batchBranch.call(nn.functional.leaky_relu(_batchNorm.call(x)));
        var instanceOut = _instanceBranch.call(nn.functional.leaky_relu(_instanceNorm.call(x)));
        var (first, second) = _selector.call(batchOut.add(instanceOut));
        return batchOut.mul(first).add(instanceOut.mul(second)).MoveToOuterDisposeScope();
    }
}
