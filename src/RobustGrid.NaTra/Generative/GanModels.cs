using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.NaTra.Generative;

/// <summary>The three networks of NaTra's generative stage: generator, discriminator and the encoder that inverts
/// G.</summary>
internal sealed class GanModels : IDisposable
{
    public GanModels(int latentDim, int channels, int imageSize, int width, Device device)
    {
        Generator = new DcganGenerator(latentDim, channels, imageSize, width);
        Discriminator = new ConvTrunk(channels, imageSize, width, outputs: 1);
        Encoder = new ConvTrunk(channels, imageSize, width, outputs: latentDim);
        DcganInit.Apply(Generator);
        DcganInit.Apply(Discriminator);
        Generator.to(device);
        Discriminator.to(device);
        Encoder.to(device);
    }

    public DcganGenerator Generator { get; }
    public ConvTrunk Discriminator { get; }
    public ConvTrunk Encoder { get; }

    public IReadOnlyList<TorchSharp.torch.nn.Module> All => [Generator, Discriminator, Encoder];

    /// <summary>Eval mode everywhere and no gradients into any weight: the state every later stage uses.</summary>
    public void Freeze()
    {
        foreach (var module in All)
        {
            module.eval();
            foreach (var p in module.parameters()) p.requires_grad = false;
        }
    }

    public void Dispose()
    {
        Generator.Dispose();
        Discriminator.Dispose();
        Encoder.Dispose();
    }
}
