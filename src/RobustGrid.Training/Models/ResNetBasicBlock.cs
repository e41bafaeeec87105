using TorchSharp;
using RobustGrid.Training.Models.Staged;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.Training.Models;

/// <summary>The basic residual block of the CIFAR ResNet (kuangliu/pytorch-cifar naming: conv1, bn1, conv2, bn2,
/// shortcut).</summary>
internal sealed class ResNetBasicBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d _conv1;
    private readonly BatchNorm2d _bn1;
    private readonly Conv2d _conv2;
    private readonly BatchNorm2d _bn2;
    private readonly Sequential _shortcut;
    private readonly Conv2d? _shortcutConv;
    private readonly BatchNorm2d? _shortcutBn;

    public ResNetBasicBlock(int inPlanes, int planes, int stride) : base(nameof(ResNetBasicBlock))
    {
        _conv1 = nn.Conv2d(inPlanes, planes, 3, stride: stride, padding: 1, bias: false);
        _bn1 = nn.BatchNorm2d(planes);
        _conv2 = nn.Conv2d(planes, planes, 3, stride: 1, padding: 1, bias: false);
        _bn2 = nn.BatchNorm2d(planes);
        if (stride != 1 || inPlanes != planes)
        {
            _shortcutConv = nn.Conv2d(inPlanes, planes, 1, stride: stride, bias: false);
            _shortcutBn = nn.BatchNorm2d(planes);
            _shortcut = nn.Sequential(("0", _shortcutConv), ("1", _shortcutBn));
        }
        else
        {
            _shortcut = nn.Sequential();
        }
        register_module("conv1", _conv1);
        register_module("bn1", _bn1);
        register_module("conv2", _conv2);
        register_module("bn2", _bn2);
        register_module("shortcut", _shortcut);
    }

    /// <summary>Components are registered explicitly under their PyTorch names; skip TorchSharp's field reflection (see
    /// SmallCnn).</summary>
    protected override void RegisterComponents()
    {
    }

    /// <summary>This block's batch norms in forward order (bn1, bn2, then the shortcut's).</summary>
    public IEnumerable<BatchNorm2d> BatchNorms =>
        _shortcutBn is null ? [_bn1, _bn2] : [_bn1, _bn2, _shortcutBn];

    public override Tensor forward(Tensor input) => Forward(input, CleanBatchNormRoute.Instance);

    public Tensor Forward(Tensor input, IBatchNormRoute route)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.relu(route.Normalize(_bn1, ComputePolicy.Conv(_conv1, input)));
        x = route.Normalize(_bn2, ComputePolicy.Conv(_conv2, x));
        var shortcut = _shortcutConv is null ? input
            : route.Normalize(_shortcutBn!, ComputePolicy.Conv(_shortcutConv, input));
        return nn.functional.relu(x.add_(shortcut)).MoveToOuterDisposeScope();
    }
}
