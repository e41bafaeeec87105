using TorchSharp;
using RobustGrid.Training.Models.Staged;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.Training.Models;

/// <summary>
/// ResNet-18 for 32×32 inputs: 3×3 stem, no max-pool, four stages of two basic blocks (64-128-256-512),
/// global average pool, linear head. 11,173,962 parameters for 10 classes, as in kuangliu/pytorch-cifar,
/// whose parameter names (conv1, bn1, layer1.0.conv1, …, linear) it keeps for safetensors export. Its first
/// stage (the AdvBN split, as ResNet-50's cut=1) is the stem plus layer1.
/// </summary>
internal sealed class CifarResNet18 : nn.Module<Tensor, Tensor>, IStagedClassifier
{
    private readonly Conv2d _conv1;
    private readonly BatchNorm2d _bn1;
    private readonly Sequential[] _layers;
    private readonly ResNetBasicBlock[][] _blocks;
    private readonly Linear _linear;

    public CifarResNet18(int inputChannels, int classes) : base(nameof(CifarResNet18))
    {
        _conv1 = nn.Conv2d(inputChannels, 64, 3, stride: 1, padding: 1, bias: false);
        _bn1 = nn.BatchNorm2d(64);
        register_module("conv1", _conv1);
        register_module("bn1", _bn1);
        var inPlanes = 64;
        int[] widths = [64, 128, 256, 512];
        _layers = new Sequential[widths.Length];
        _blocks = new ResNetBasicBlock[widths.Length][];
        for (var i = 0; i < widths.Length; i++)
        {
            var stride = i == 0 ? 1 : 2;
            _blocks[i] =
                [new ResNetBasicBlock(inPlanes, widths[i], stride), new ResNetBasicBlock(widths[i], widths[i], 1)];
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

    public IReadOnlyList<nn.Module> StemModules => [_conv1, _bn1, _layers[0]];

    public IReadOnlyList<BatchNorm2d> HeadBatchNorms =>
        _blocks.Skip(1).SelectMany(stage => stage).SelectMany(b => b.BatchNorms).ToList();

    public bool StemOutputIsRectified => true;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return ForwardHead(ForwardStem(input), CleanBatchNormRoute.Instance).MoveToOuterDisposeScope();
    }

    public Tensor ForwardStem(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.relu(_bn1.call(ComputePolicy.Conv(_conv1, images)));
        return _layers[0].call(x).MoveToOuterDisposeScope();
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
