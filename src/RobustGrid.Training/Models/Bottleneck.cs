using TorchSharp;
using RobustGrid.Training.Models.Staged;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.Training.Models;

/// <summary>
/// torchvision's ResNet bottleneck (v1.5: the stride sits on the 3×3 conv): 1×1 reduce, 3×3, 1×1 expand by 4,
/// each followed by batch norm, with a conv-BN projection (downsample.0, downsample.1) where the shape changes.
/// </summary>
internal sealed class Bottleneck : nn.Module<Tensor, Tensor>
{
    public const int Expansion = 4;

    private readonly Conv2d _conv1;
    private readonly BatchNorm2d _bn1;
    private readonly Conv2d _conv2;
    private readonly BatchNorm2d _bn2;
    private readonly Conv2d _conv3;
    private readonly BatchNorm2d _bn3;
    private readonly Conv2d? _downsampleConv;
    private readonly BatchNorm2d? _downsampleBn;

    public Bottleneck(int inPlanes, int planes, int stride) : base(nameof(Bottleneck))
    {
        var outPlanes = planes * Expansion;
        _conv1 = nn.Conv2d(inPlanes, planes, 1, bias: false);
        _bn1 = nn.BatchNorm2d(planes);
        _conv2 = nn.Conv2d(planes, planes, 3, stride: stride, padding: 1, bias: false);
        _bn2 = nn.BatchNorm2d(planes);
        _conv3 = nn.Conv2d(planes, outPlanes, 1, bias: false);
        _bn3 = nn.BatchNorm2d(outPlanes);
        register_module("conv1", _conv1);
        register_module("bn1", _bn1);
        register_module("conv2", _conv2);
        register_module("bn2", _bn2);
        register_module("conv3", _conv3);
        register_module("bn3", _bn3);
        if (stride != 1 || inPlanes != outPlanes)
        {
            _downsampleConv = nn.Conv2d(inPlanes, outPlanes, 1, stride: stride, bias: false);
            _downsampleBn = nn.BatchNorm2d(outPlanes);
            register_module("downsample", nn.Sequential(("0", _downsampleConv), ("1", _downsampleBn)));
        }
    }

    /// <summary>Components are registered explicitly under their PyTorch names; skip TorchSharp's field reflection (see
    /// SmallCnn).</summary>
    protected override void RegisterComponents()
    {
    }

    /// <summary>This block's batch norms in forward order (bn1 to bn3, then the projection's).</summary>
    public IEnumerable<BatchNorm2d> BatchNorms =>
        _downsampleBn is null ? [_bn1, _bn2, _bn3] : [_bn1, _bn2, _bn3, _downsampleBn];

    public override Tensor forward(Tensor input) => Forward(input, CleanBatchNormRoute.Instance);

    public Tensor Forward(Tensor input, IBatchNormRoute route)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.relu(route.Normalize(_bn1, ComputePolicy.Conv(_conv1, input)));
        x = nn.functional.relu(route.Normalize(_bn2, ComputePolicy.Conv(_conv2, x)));
        x = route.Normalize(_bn3, ComputePolicy.Conv(_conv3, x));
        var shortcut = _downsampleConv is null ? input
            : route.Normalize(_downsampleBn!, ComputePolicy.Conv(_downsampleConv, input));
        return nn.functional.relu(x.add_(shortcut)).MoveToOuterDisposeScope();
    }
}
