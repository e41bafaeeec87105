using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.NaTra.Generative;

/// <summary>
/// DCGAN's weight initialisation (Radford et al. 2016; pytorch/examples dcgan weights_init): convolution,
/// transposed-convolution and linear weights ~ N(0, 0.02), batch-norm scales ~ N(1, 0.02), every bias 0.
/// TorchSharp's default is PyTorch's (Kaiming-uniform); the GAN networks were using it before, which is not the
/// DCGAN recipe. The encoder keeps the default: it is a regressor, not part of the adversarial game.
/// </summary>
internal static class DcganInit
{
    public static void Apply(nn.Module module)
    {
        using var noGrad = no_grad();
        foreach (var m in module.modules())
        {
            switch (m)
            {
                case Conv2d conv:
                    Normal(conv.weight!, conv.bias, mean: 0.0);
                    break;
                case ConvTranspose2d up:
                    Normal(up.weight!, up.bias, mean: 0.0);
                    break;
                case Linear linear:
                    Normal(linear.weight!, linear.bias, mean: 0.0);
                    break;
                case BatchNorm2d bn:
                    Normal(bn.weight!, bn.bias, mean: 1.0);
                    break;
            }
        }
    }

    private static void Normal(Tensor weight, Tensor? bias, double mean)
    {
        nn.init.normal_(weight, mean, 0.02);
        if (bias is not null) nn.init.zeros_(bias);
    }
}
