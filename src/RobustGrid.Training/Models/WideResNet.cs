using TorchSharp;
using RobustGrid.Training.Models.Staged;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.Training.Models;

/// <summary>
/// WideResNet-depth-k as in AugMix's third_party/WideResNet_pytorch and RobustBench's wide_resnet.py (both from
/// TRADES' definition): widths 16, 16k, 32k, 64k; (depth-4)/6 blocks a stage; He-normal (fan-out) conv init, BN
/// weight 1, linear bias 0. WRN-40-2 has 2,243,546 parameters for 10 classes, WRN-28-10 36,479,194, WRN-34-10
/// 46,160,474. Average pooling is adaptive so 28×28 inputs work too (identical to avg_pool2d(8) at 32×32). Its first
/// stage (the AdvBN split) is conv1 plus block1; its output is a residual sum, not rectified.
/// </summary>
internal sealed class WideResNet : nn.Module<Tensor, Tensor>, IStagedClassifier
{
    private readonly Conv2d _conv1;
    private readonly Sequential[] _blocks;
    private readonly WideBasicBlock[][] _stageBlocks;
    private readonly BatchNorm2d _bn1;
    private readonly Linear _fc;

    /// <summary>The 1×1 shortcut's parameter name in AugMix's definition.</summary>
    public const string AugMixShortcutName = "conv_shortcut";

    /// <summary>The 1×1 shortcut's parameter name in RobustBench's definition.</summary>
    public const string RobustBenchShortcutName = "convShortcut";

    public WideResNet(int depth, int widenFactor, int inputChannels, int classes, double dropRate,
        string shortcutName = AugMixShortcutName)
        : base(nameof(WideResNet))
    {
        if ((depth - 4) % 6 != 0) throw new ArgumentException("WideResNet depth must be 6n+4", nameof(depth));
        var blocksPerStage = (depth - 4) / 6;
        int[] widths = [16, 16 * widenFactor, 32 * widenFactor, 64 * widenFactor];
        _conv1 = nn.Conv2d(inputChannels, widths[0], 3, stride: 1, padding: 1, bias: false);
        register_module("conv1", _conv1);
        _blocks = new Sequential[3];
        _stageBlocks = new WideBasicBlock[3][];
        for (var stage = 0; stage < 3; stage++)
        {
            var layer = nn.Sequential();
            _stageBlocks[stage] = new WideBasicBlock[blocksPerStage];
            for (var i = 0; i < blocksPerStage; i++)
            {
                var inPlanes = i == 0 ? widths[stage] : widths[stage + 1];
                var stride = i == 0 && stage > 0 ? 2 : 1;
                _stageBlocks[stage][i] = new WideBasicBlock(inPlanes, widths[stage + 1], stride, dropRate,
                    shortcutName);
                layer.append(i.ToString(System.Globalization.CultureInfo.InvariantCulture), _stageBlocks[stage][i]);
            }
            // The reference wraps each stage's blocks in NetworkBlock.layer.
            var stageModule = nn.Sequential(("layer", layer));
            _blocks[stage] = stageModule;
            register_module($"block{stage + 1}", stageModule);
        }
        _bn1 = nn.BatchNorm2d(widths[3]);
        _fc = nn.Linear(widths[3], classes);
        register_module("bn1", _bn1);
        register_module("fc", _fc);
        HeFanOutInitialisation.Apply(this, zeroLinearBiases: true);
    }

    /// <summary>Components are registered explicitly under their PyTorch names; skip TorchSharp's field reflection (see
    /// SmallCnn).</summary>
    protected override void RegisterComponents()
    {
    }

    public IReadOnlyList<nn.Module> StemModules => [_conv1, _blocks[0]];

    public IReadOnlyList<BatchNorm2d> HeadBatchNorms =>
        _stageBlocks.Skip(1).SelectMany(stage => stage).SelectMany(b => b.BatchNorms).Append(_bn1).ToList();

    public bool StemOutputIsRectified => false;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return ForwardHead(ForwardStem(input), CleanBatchNormRoute.Instance).MoveToOuterDisposeScope();
    }

    public Tensor ForwardStem(Tensor images)
    {
        using var scope = NewDisposeScope();
        return _blocks[0].call(ComputePolicy.Conv(_conv1, images)).MoveToOuterDisposeScope();
    }

    public Tensor ForwardHead(Tensor features, IBatchNormRoute route)
    {
        using var scope = NewDisposeScope();
        var x = features;
        foreach (var stage in _stageBlocks.Skip(1))
        {
            foreach (var block in stage) x = block.Forward(x, route);
        }
        x = nn.functional.relu(route.Normalize(_bn1, x));
        x = nn.functional.adaptive_avg_pool2d(x, 1).flatten(1);
        return ComputePolicy.Linear(_fc, x).MoveToOuterDisposeScope();
    }
}
