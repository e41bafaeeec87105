using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.Bench.Adversarial.Models;

/// <summary>The ResNet basic block: two 3x3 conv + batch-norm layers and a (projected when the shape changes)
/// shortcut.</summary>
public sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    // No underscore: RegisterComponents names parameters after the fields, and these are the PyTorch names.
    // RegisterComponents names the parameters after these fields, so they carry PyTorch's names, not the house style.
#pragma warning disable IDE1006
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly nn.Module<Tensor, Tensor>? shortcut;
#pragma warning restore IDE1006

    public BasicBlock(int input, int output, int stride) : base(nameof(BasicBlock))
    {
        conv1 = nn.Conv2d(input, output, 3, stride: stride, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(output);
        conv2 = nn.Conv2d(output, output, 3, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(output);
        if (stride != 1 || input != output)
            shortcut = nn.Sequential(nn.Conv2d(input, output, 1, stride: stride, bias: false), nn.BatchNorm2d(output));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.relu(bn1.call(conv1.call(input)));
        x = bn2.call(conv2.call(x));
        var identity = shortcut is null ? input : shortcut.call(input);
        return nn.functional.relu(x + identity).MoveToOuterDisposeScope();
    }
}
