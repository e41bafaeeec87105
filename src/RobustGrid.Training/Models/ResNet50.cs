using TorchSharp;
using RobustGrid.Training.Models.Staged;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.Training.Models;

/// <summary>
/// torchvision's ResNet-50 with its ImageNet stem (7×7 stride-2 conv, BN, ReLU, 3×3 stride-2 max-pool), bottleneck
/// stages of 3, 4, 6, 3 blocks (64-128-256-512 wide, ×4 out), global average pool and fc: 25,557,032 parameters for
/// 1,000 classes, under torchvision's parameter names (conv1, bn1, layer1.0.downsample.0, …, fc). Init as torchvision:
/// He-normal (fan-out) convs, BN weight 1 and bias 0. Its first stage (the AdvBN split, the original's cut=1) is the
/// stem plus layer1.
/// </summary>
internal sealed class ResNet50 : nn.Module<Tensor, Tensor>, IStagedClassifier
{
    private readonly Conv2d _conv1;
    private readonly BatchNorm2d _bn1;
    private readonly Sequential[] _layers;
    private readonly Bottleneck[][] _blocks;
    private readonly Linear _fc;

    public ResNet50(int inputChannels, int classes) : base(nameof(ResNet50))
    {
        _conv1 = nn.Conv2d(inputChannels, 64, 7, stride: 2, padding: 3, bias: false);
        _bn1 = nn.BatchNorm2d(64);
        register_module("conv1", _conv1);
        register_module("bn1", _bn1);
        int[] blockCounts = [3, 4, 6, 3];
        int[] widths = [64, 128, 256, 512];
        var inPlanes = 64;
        _layers = new Sequential[widths.Length];
        _blocks = new Bottleneck[widths.Length][];
        for (var i = 0; i < widths.Length; i++)
        {
            _blocks[i] = new Bottleneck[blockCounts[i]];
            _layers[i] = nn.Sequential();
            for (var j = 0; j < blockCounts[i]; j++)
            {
                _blocks[i][j] = new Bottleneck(inPlanes, widths[i], i > 0 && j == 0 ? 2 : 1);
                inPlanes = widths[i] * Bottleneck.Expansion;
                _layers[i].append(j.ToString(System.Globalization.CultureInfo.InvariantCulture), _blocks[i][j]);
            }
            register_module($"layer{i + 1}", _layers[i]);
        }
        _fc = nn.Linear(inPlanes, classes);
        register_module("fc", _fc);
        HeFanOutInitialisation.Apply(this, zeroLinearBiases: false);
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
        x = nn.functional.max_pool2d(x, kernel_size: 3, stride: 2, padding: 1);
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
        return ComputePolicy.Linear(_fc, x).MoveToOuterDisposeScope();
    }
}
