using TorchSharp;
using RobustGrid.Training.Models.Staged;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.Training.Models;

/// <summary>
/// RobustBench's PreActResNet-18 (PreActResNet(PreActBlock, [2, 2, 2, 2])): a bare 3×3 stem conv, four stages of
/// two pre-activation blocks (64-128-256-512), no BN before the pool, linear head; 11,171,146 parameters for 10
/// classes. Parameter names follow it (conv1, layer1.0.bn1, …, layer2.0.shortcut.0, linear). Average pooling is
/// adaptive, identical to its avg_pool2d(4) at 32×32. Its first stage (the AdvBN split) is conv1 plus layer1, whose
/// output is a residual sum, not rectified.
/// </summary>
internal sealed class PreActResNet18 : nn.Module<Tensor, Tensor>, IStagedClassifier
{
    private readonly Conv2d _conv1;
    private readonly Sequential[] _layers;
    private readonly PreActBlock[][] _blocks;
    private readonly Linear _linear;

    public PreActResNet18(int inputChannels, int classes) : base(nameof(PreActResNet18))
    {
        _conv1 = nn.Conv2d(inputChannels, 64, 3, stride: 1, padding: 1, bias: false);
        register_module("conv1", _conv1);
        var inPlanes = 64;
        int[] widths = [64, 128, 256, 512];
        _layers = new Sequential[widths.Length];
        _blocks = new PreActBlock[widths.Length][];
        for (var i = 0; i < widths.Length; i++)
        {
            var stride = i == 0 ? 1 : 2;
            _blocks[i] = [new PreActBlock(inPlanes, widths[i], stride), new PreActBlock(widths[i], widths[i], 1)];
            _layers[i] = nn.Sequential(("0", _blocks[i][0]), ("1", _blocks[i][1]));
            inPlanes = widths[i];
            register_module($"layer{i + 1}", _layers[i]);
        }
        _linear = nn.Linear(512, classes);
        register_module("linear", _linear);
    }

    /// <summary>Components are registered explicitly under their PyTorch names; skip TorchSharp's field reflection (see
    /// SmallCnn).</summary>
    protected override void RegisterComponents()
    {
    }

    public IReadOnlyList<nn.Module> StemModules => [_conv1, _layers[0]];

    public IReadOnlyList<BatchNorm2d> HeadBatchNorms =>
        _blocks.Skip(1).SelectMany(stage => stage).SelectMany(b => b.BatchNorms).ToList();

    public bool StemOutputIsRectified => false;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return ForwardHead(ForwardStem(input), CleanBatchNormRoute.Instance).MoveToOuterDisposeScope();
    }

    public Tensor ForwardStem(Tensor images)
    {
        using var scope = NewDisposeScope();
        return _layers[0].call(ComputePolicy.Conv(_conv1, images)).MoveToOuterDisposeScope();
    }

    public Tensor ForwardHead(Tensor features, IBatchNormRoute route)
    {
        using var scope = NewDisposeScope();
        var x = features;
        foreach (var stage in _blocks.Skip(1))
        {
            foreach (var block in stage) x = block.Forward(x, route);
        }
        x = nn.functional.adaptive_avg_pool2d(x, 1).flatten(1);
        return ComputePolicy.Linear(_linear, x).MoveToOuterDisposeScope();
    }
}
