using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.NaTra.Generative;

/// <summary>
/// A DCGAN-class generator for 28×28 and 32×32 images: a linear projection of z to a (2w)×(S/4)×(S/4) map, then two
/// stride-2 transposed convolutions; output in [-1, 1] (tanh). It is split into a head (z to the features at
/// <see cref="ExpansionLayer"/>) and a tail (features to image) so NaTra's latent codes expansion can combine several
/// codes' features in the middle, and it exposes the projection weight for the closed-form factorisation.
/// </summary>
internal sealed class DcganGenerator : nn.Module<Tensor, Tensor>
{
    private readonly Linear _project;
    private readonly BatchNorm2d _bn0;
    private readonly ConvTranspose2d _up1;
    private readonly BatchNorm2d _bn1;
    private readonly ConvTranspose2d _up2;

    public DcganGenerator(int latentDim, int channels, int imageSize, int width) : base(nameof(DcganGenerator))
    {
        if (imageSize % 4 != 0)
            throw new ArgumentException($"image size {imageSize} must be a multiple of 4", nameof(imageSize));
        LatentDim = latentDim;
        Channels = channels;
        ImageSize = imageSize;
        Width = width;
        BaseSize = imageSize / 4;
        _project = nn.Linear(latentDim, 2L * width * BaseSize * BaseSize);
        _bn0 = nn.BatchNorm2d(2 * width);
        _up1 = nn.ConvTranspose2d(2 * width, width, 4, stride: 2, padding: 1, bias: false);
        _bn1 = nn.BatchNorm2d(width);
        _up2 = nn.ConvTranspose2d(width, channels, 4, stride: 2, padding: 1);
        register_module("project", _project);
        register_module("bn0", _bn0);
        register_module("up1", _up1);
        register_module("bn1", _bn1);
        register_module("up2", _up2);
    }

    public int LatentDim { get; }
    public int Channels { get; }
    public int ImageSize { get; }
    public int Width { get; }
    public int BaseSize { get; }

    /// <summary>The first layer's weight A (out × latent): SeFa's closed form uses the eigenvectors of AᵀA.</summary>
    public Tensor ProjectionWeight => _project.weight!;

    /// <summary>Channels of the features at an expansion layer (1: after the projection, 2: after the first
    /// up-block).</summary>
    public int FeatureChannels(int layer) => layer == 1 ? 2 * Width : Width;

    public override Tensor forward(Tensor z) => Tail(Head(z, 2), 2);

    /// <summary>z to the features after block <paramref name="layer"/> (1 or 2).</summary>
    public Tensor Head(Tensor z, int layer)
    {
        using var scope = NewDisposeScope();
        var x = _project.call(z).view(-1, 2L * Width, BaseSize, BaseSize);
        x = nn.functional.relu(_bn0.call(x));
        if (layer == 2) x = nn.functional.relu(_bn1.call(_up1.call(x)));
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>Features after block <paramref name="layer"/> to an image in [-1, 1].</summary>
    public Tensor Tail(Tensor features, int layer)
    {
        using var scope = NewDisposeScope();
        var x = features;
        if (layer == 1) x = nn.functional.relu(_bn1.call(_up1.call(x)));
        return _up2.call(x).tanh().MoveToOuterDisposeScope();
    }
}
