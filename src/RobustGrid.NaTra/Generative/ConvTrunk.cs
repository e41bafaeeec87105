using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.NaTra.Generative;

/// <summary>
/// The DCGAN discriminator body, shared by the discriminator (one logit) and the encoder (a latent code): two
/// stride-2 4×4 convolutions with leaky ReLU, batch norm on the second, then a linear read-out.
/// </summary>
internal sealed class ConvTrunk : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d _conv1;
    private readonly Conv2d _conv2;
    private readonly BatchNorm2d _bn2;
    private readonly Linear _head;

    public ConvTrunk(int channels, int imageSize, int width, int outputs) : base(nameof(ConvTrunk))
    {
        var side = imageSize / 4;
        _conv1 = nn.Conv2d(channels, width, 4, stride: 2, padding: 1);
        _conv2 = nn.Conv2d(width, 2 * width, 4, stride: 2, padding: 1, bias: false);
        _bn2 = nn.BatchNorm2d(2 * width);
        _head = nn.Linear(2L * width * side * side, outputs);
        register_module("conv1", _conv1);
        register_module("conv2", _conv2);
        register_module("bn2", _bn2);
        register_module("head", _head);
    }

    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.leaky_relu(_conv1.call(images), 0.2);
        x = nn.functional.leaky_relu(_bn2.call(_conv2.call(x)), 0.2);
        return _head.call(x.flatten(1)).MoveToOuterDisposeScope();
    }
}
