using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.Training.Generative;

/// <summary>
/// DCGAN's weight initialisation (Radford et al. 2016; pytorch/examples dcgan weights_init): convolution,
/// transposed-convolution and linear weights ~ N(0, 0.02), batch-norm scales ~ N(1, 0.02), every bias 0.
/// TorchSharp's default is PyTorch's (Kaiming-uniform); the GAN networks were using it before, which is not the
/// DCGAN recipe. The encoder keeps the default: it is a regressor, not part of the adversarial game.
/// </summary>
public static class DcganInit
{
    public static void Apply(nn.Module module)
    {
        using var noGrad = no_grad();
        foreach (var m in module.modules())
        {
            switch (m)
            {
                case Conv2d conv:
                    nn.init.normal_(conv.weight!, 0.0, 0.02);
                    if (conv.bias is { } cb) nn.init.zeros_(cb);
                    break;
                case ConvTranspose2d up:
                    nn.init.normal_(up.weight!, 0.0, 0.02);
                    if (up.bias is { } ub) nn.init.zeros_(ub);
                    break;
                case Linear linear:
                    nn.init.normal_(linear.weight!, 0.0, 0.02);
                    if (linear.bias is { } lb) nn.init.zeros_(lb);
                    break;
                case BatchNorm2d bn:
                    nn.init.normal_(bn.weight!, 1.0, 0.02);
                    nn.init.zeros_(bn.bias!);
                    break;
            }
        }
    }
}
