using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.Bench.Adversarial.Models;

/// <summary>
/// A CIFAR-size ResNet (3x32x32 input): 3x3 stem, three stages of two basic blocks with 16, 32 and 64 channels
/// (the CIFAR ResNet-20 widths with two blocks per stage: ResNet-14), global average pooling and a linear head;
/// about 0.17 M parameters and 27 M multiply-adds per image. Stands in for the CIFAR models of the leaderboard when
/// measuring attack throughput on this CPU.
/// </summary>
public sealed class CifarResNet : nn.Module<Tensor, Tensor>
{
    // No underscore: RegisterComponents names parameters after the fields, and these are the PyTorch names.
    // RegisterComponents names the parameters after these fields, so they carry PyTorch's names, not the house style.
#pragma warning disable IDE1006
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Linear fc;
#pragma warning restore IDE1006

    public CifarResNet(int classes = 10) : base(nameof(CifarResNet))
    {
        conv1 = nn.Conv2d(3, 16, 3, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(16);
        layer1 = nn.Sequential(new BasicBlock(16, 16, 1), new BasicBlock(16, 16, 1));
        layer2 = nn.Sequential(new BasicBlock(16, 32, 2), new BasicBlock(32, 32, 1));
        layer3 = nn.Sequential(new BasicBlock(32, 64, 2), new BasicBlock(64, 64, 1));
        fc = nn.Linear(64, classes);
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
