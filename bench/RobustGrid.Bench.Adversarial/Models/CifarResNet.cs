using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.Bench.Adversarial.Models;

/// <summary>
/// A CIFAR-size ResNet (3x32x32 input): 3x3 stem, three stages of two basic blocks with 32, 64 and 128 channels
/// (ResNet-14 layout), global average pooling and a linear head; about 0.7 M parameters. Stands in for the
/// CIFAR models of the leaderboard when measuring attack throughput on this machine.
/// </summary>
public sealed class CifarResNet : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Linear fc;

    public CifarResNet(int classes = 10) : base(nameof(CifarResNet))
    {
        conv1 = nn.Conv2d(3, 32, 3, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(32);
        layer1 = nn.Sequential(new BasicBlock(32, 32, 1), new BasicBlock(32, 32, 1));
        layer2 = nn.Sequential(new BasicBlock(32, 64, 2), new BasicBlock(64, 64, 1));
        layer3 = nn.Sequential(new BasicBlock(64, 128, 2), new BasicBlock(128, 128, 1));
        fc = nn.Linear(128, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.relu(bn1.call(conv1.call(input)));
        x = layer3.call(layer2.call(layer1.call(x)));
        x = nn.functional.adaptive_avg_pool2d(x, 1).flatten(1);
        return fc.call(x).MoveToOuterDisposeScope();
    }
}
