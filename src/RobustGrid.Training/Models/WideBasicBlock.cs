using TorchSharp;
using RobustGrid.Training.Models.Staged;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.Training.Models;

/// <summary>
/// The pre-activation block of the WideResNet used by AugMix, PixMix and IPMix (their wideresnet.py) and by
/// RobustBench (TRADES' definition): when the width changes, the pre-activation feeds both the residual and the 1×1
/// shortcut; dropout sits between the convs. The two references differ only in the shortcut's parameter name.
/// </summary>
internal sealed class WideBasicBlock : nn.Module<Tensor, Tensor>, IRandomForward
{
    private readonly BatchNorm2d _bn1;
    private readonly Conv2d _conv1;
    private readonly BatchNorm2d _bn2;
    private readonly Conv2d _conv2;
    private readonly Conv2d? _convShortcut;
    private readonly double _dropRate;

    public WideBasicBlock(int inPlanes, int outPlanes, int stride, double dropRate, string shortcutName)
        : base(nameof(WideBasicBlock))
    {
        _bn1 = nn.BatchNorm2d(inPlanes);
        _conv1 = nn.Conv2d(inPlanes, outPlanes, 3, stride: stride, padding: 1, bias: false);
        _bn2 = nn.BatchNorm2d(outPlanes);
        _conv2 = nn.Conv2d(outPlanes, outPlanes, 3, stride: 1, padding: 1, bias: false);
        _dropRate = dropRate;
        register_module("bn1", _bn1);
        register_module("conv1", _conv1);
        register_module("bn2", _bn2);
        register_module("conv2", _conv2);
        if (inPlanes != outPlanes)
        {
            _convShortcut = nn.Conv2d(inPlanes, outPlanes, 1, stride: stride, bias: false);
            register_module(shortcutName, _convShortcut);
        }
    }

    /// <summary>Components are registered explicitly under their PyTorch names; skip TorchSharp's field reflection (see
    /// SmallCnn).</summary>
    protected override void RegisterComponents()
    {
    }

    public Generator? Generator { private get; set; }

    /// <summary>This block's batch norms in forward order.</summary>
    public IEnumerable<BatchNorm2d> BatchNorms => [_bn1, _bn2];

    public override Tensor forward(Tensor input) => Forward(input, CleanBatchNormRoute.Instance);

    public Tensor Forward(Tensor input, IBatchNormRoute route)
    {
        using var scope = NewDisposeScope();
        var activated = nn.functional.relu(route.Normalize(_bn1, input));
        var residualInput = _convShortcut is null ? input : activated;
        var x = nn.functional.relu(route.Normalize(_bn2, ComputePolicy.Conv(_conv1, activated)));
        if (_dropRate > 0) x = RandomForward.Dropout(x, _dropRate, training, Generator);
        x = ComputePolicy.Conv(_conv2, x);
        var shortcut = _convShortcut is null ? residualInput : ComputePolicy.Conv(_convShortcut, residualInput);
        return x.add_(shortcut).MoveToOuterDisposeScope();
    }
}
