using TorchSharp;
using RobustGrid.Training.Models.Staged;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.Training.Models;

/// <summary>
/// The pre-activation basic block of RobustBench's PreActResNet (bn1, conv1, bn2, conv2, shortcut.0): both convs
/// see a BN-ReLU pre-activation, while the 1×1 shortcut (only where the shape changes) takes the block's raw input.
/// </summary>
internal sealed class PreActBlock : nn.Module<Tensor, Tensor>
{
    private readonly BatchNorm2d _bn1;
    private readonly Conv2d _conv1;
    private readonly BatchNorm2d _bn2;
    private readonly Conv2d _conv2;
    private readonly Conv2d? _shortcutConv;

    public PreActBlock(int inPlanes, int planes, int stride) : base(nameof(PreActBlock))
    {
        _bn1 = nn.BatchNorm2d(inPlanes);
        _conv1 = nn.Conv2d(inPlanes, planes, 3, stride: stride, padding: 1, bias: false);
        _bn2 = nn.BatchNorm2d(planes);
        _conv2 = nn.Conv2d(planes, planes, 3, stride: 1, padding: 1, bias: false);
        register_module("bn1", _bn1);
        register_module("conv1", _conv1);
        register_module("bn2", _bn2);
        register_module("conv2", _conv2);
        if (stride != 1 || inPlanes != planes)
        {
            _shortcutConv = nn.Conv2d(inPlanes, planes, 1, stride: stride, bias: false);
            register_module("shortcut", nn.Sequential(("0", _shortcutConv)));
        }
    }

    /// <summary>Components are registered explicitly under their PyTorch names; skip TorchSharp's field reflection (see
    /// SmallCnn).</summary>
    protected override void RegisterComponents()
    {
    }

    /// <summary>This block's batch norms in forward order.</summary>
    public IEnumerable<BatchNorm2d> BatchNorms => [_bn1, _bn2];

    public override Tensor forward(Tensor input) => Forward(input, CleanBatchNormRoute.Instance);

    public Tensor Forward(Tensor input, IBatchNormRoute route)
    {
        using var scope = NewDisposeScope();
        var x = ComputePolicy.Conv(_conv1, nn.functional.relu(route.Normalize(_bn1, input)));
        x = ComputePolicy.Conv(_conv2, nn.functional.relu(route.Normalize(_bn2, x)));
        var shortcut = _shortcutConv is null ? input : ComputePolicy.Conv(_shortcutConv, input);
        return x.add_(shortcut).MoveToOuterDisposeScope();
    }
}
