using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.Training.Models;

/// <summary>
/// The initialisation torchvision's ResNets and AugMix's WideResNet share: convolutions He-normal over their fan-out
/// (<c>kaiming_normal_(mode="fan_out")</c>), batch norms at weight 1 and bias 0.
/// </summary>
internal static class HeFanOutInitialisation
{
    /// <param name="model">Every module under it is initialised.</param>
    /// <param name="zeroLinearBiases">AugMix's WideResNet also zeroes its classifier's bias; torchvision keeps
    /// PyTorch's default there.</param>
    public static void Apply(nn.Module model, bool zeroLinearBiases)
    {
        using var noGrad = no_grad();
        foreach (var (_, module) in model.named_modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    var fanOut = conv.weight!.shape[0] * conv.weight.shape[2] * conv.weight.shape[3];
                    conv.weight.normal_(0, Math.Sqrt(2.0 / fanOut));
                    break;
                case BatchNorm2d bn:
                    bn.weight!.fill_(1);
                    bn.bias!.zero_();
                    break;
                case Linear linear when zeroLinearBiases:
                    linear.bias!.zero_();
                    break;
            }
        }
    }
}
