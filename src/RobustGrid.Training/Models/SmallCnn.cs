using TorchSharp;
using RobustGrid.Training.Models.Staged;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.Training.Models;

/// <summary>
/// Two conv-BN-ReLU-pool stages and a two-layer head (about 0.42M parameters at 28×28): small enough for
/// several epochs of Fashion-MNIST on two CPU cores, yet near 90% after one epoch. Its first stage (the AdvBN
/// split) is conv1-bn1-relu-pool; the head is the rest.
/// </summary>
internal sealed class SmallCnn : nn.Module<Tensor, Tensor>, IStagedClassifier
{
    private readonly Conv2d _conv1;
    private readonly BatchNorm2d _bn1;
    private readonly Conv2d _conv2;
    private readonly BatchNorm2d _bn2;
    private readonly Linear _fc1;
    private readonly Linear _fc2;

    public SmallCnn(int inputChannels, int classes, int imageSize) : base(nameof(SmallCnn))
    {
        _conv1 = nn.Conv2d(inputChannels, 32, 3, padding: 1, bias: false);
        _bn1 = nn.BatchNorm2d(32);
        _conv2 = nn.Conv2d(32, 64, 3, padding: 1, bias: false);
        _bn2 = nn.BatchNorm2d(64);
        var side = imageSize / 4;
        _fc1 = nn.Linear(64 * side * side, 128);
        _fc2 = nn.Linear(128, classes);
        register_module("conv1", _conv1);
        register_module("bn1", _bn1);
        register_module("conv2", _conv2);
        register_module("bn2", _bn2);
        register_module("fc1", _fc1);
        register_module("fc2", _fc2);
    }

    /// <summary>
    /// Every component is registered explicitly under its PyTorch name; TorchSharp's reflection-based registration
    /// (run when this model becomes a child, e.g. of AdvBN's wrapper) would add each field a second time.
    /// </summary>
    protected override void RegisterComponents()
    {
    }

    public IReadOnlyList<nn.Module> StemModules => [_conv1, _bn1];

    public IReadOnlyList<BatchNorm2d> HeadBatchNorms => [_bn2];

    public bool StemOutputIsRectified => true;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return ForwardHead(ForwardStem(input), CleanBatchNormRoute.Instance).MoveToOuterDisposeScope();
    }

    public Tensor ForwardStem(Tensor images)
    {
        using var scope = NewDisposeScope();
        return nn.functional.max_pool2d(nn.functional.relu(_bn1.call(ComputePolicy.Conv(_conv1, images))), 2)
            .MoveToOuterDisposeScope();
    }

    public Tensor ForwardHead(Tensor features, IBatchNormRoute route)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.max_pool2d(
            nn.functional.relu(route.Normalize(_bn2, ComputePolicy.Conv(_conv2, features))), 2);
        x = nn.functional.relu(ComputePolicy.Linear(_fc1, x.flatten(1)));
        return ComputePolicy.Linear(_fc2, x).MoveToOuterDisposeScope();
    }
}
