using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Tests.Fixtures;

/// <summary>Two 3x3 conv layers with max pooling and a linear head: enough to reach ~80% on Fashion-MNIST in
/// seconds.</summary>
public sealed class SmallCnn : nn.Module<Tensor, Tensor>
{
    // RegisterComponents names the parameters after these fields, so they carry PyTorch's names, not the house style.
#pragma warning disable IDE1006
    private readonly Conv2d conv1;
    private readonly Conv2d conv2;
    private readonly Linear fc;
#pragma warning restore IDE1006

    public SmallCnn(int channels = 1, int size = 28, int classes = 10) : base(nameof(SmallCnn))
    {
        conv1 = nn.Conv2d(channels, 16, 3, padding: 1);
        conv2 = nn.Conv2d(16, 32, 3, padding: 1);
        fc = nn.Linear(32 * (size / 4) * (size / 4), classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.max_pool2d(nn.functional.relu(conv1.call(input)), 2);
        x = nn.functional.max_pool2d(nn.functional.relu(conv2.call(x)), 2);
        return fc.call(x.flatten(1)).MoveToOuterDisposeScope();
    }
}
