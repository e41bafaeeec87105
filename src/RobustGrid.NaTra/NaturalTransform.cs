using RobustGrid.NaTra.Generative;
using static TorchSharp.torch;

namespace RobustGrid.NaTra;

/// <summary>How a latent move becomes an image (a named option of the reconstruction).</summary>
public enum TransformMode
{
    /// <summary>x' = clamp(x + (G(z + t·d) - G(z)) / 2): only the attribute change is added, the image keeps its
    /// details.</summary>
    Residual,
    /// <summary>x' = G(z + t·d): the regenerated image (loses whatever the inversion could not reconstruct).</summary>
    Regenerate,
}

/// <summary>
/// A batch's latent codes: one code per image [B, latent], or stage 3's expansion, N codes per image [B, N, latent]
/// whose features after generator block <see cref="Layer"/> are combined with per-channel weights [B, N, channels].
/// </summary>
internal sealed record BatchCodes(Tensor Codes, Tensor? Weights = null, int Layer = 0)
{
    /// <summary>
    /// The generator's images of the codes moved by <paramref name="shift"/> [B, latent]. An expansion is moved as
    /// mGANprior manipulates an inverted image: every one of its codes by the same shift, weights unchanged.
    /// </summary>
    public Tensor Render(DcganGenerator generator, Tensor? shift = null)
    {
        if (Weights is null) return generator.call(shift is null ? Codes : Codes.add(shift));
        using var scope = NewDisposeScope();
        var codes = shift is null ? Codes : Codes.add(shift.unsqueeze(1));
        return LatentExpansion.Render(generator, codes, Weights, Layer).MoveToOuterDisposeScope();
    }
}

/// <summary>Images moved along latent directions: the natural transformation of NaTra.</summary>
internal static class NaturalTransform
{
    /// <summary>
    /// <paramref name="unitImages"/> [B, C, H, W] in [0, 1], codes, unit directions [B, latent] and magnitudes [B];
    /// returns the transformed images in [0, 1], differentiable in the magnitudes.
    /// </summary>
    public static Tensor Apply(DcganGenerator generator, Tensor unitImages, BatchCodes codes, Tensor directions,
        Tensor magnitudes, TransformMode mode)
    {
        using var scope = NewDisposeScope();
        var moved = codes.Render(generator, directions.mul(magnitudes.unsqueeze(1)));
        Tensor result;
        if (mode == TransformMode.Regenerate)
        {
            result = GanImages.ToUnit(moved);
        }
        else
        {
            Tensor original;
            using (no_grad()) original = codes.Render(generator);
            result = unitImages.add(moved.sub(original).div(2.0)).clamp(0.0, 1.0);
        }
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>The transformation from one code per image [B, latent].</summary>
    public static Tensor Apply(DcganGenerator generator, Tensor unitImages, Tensor codes, Tensor directions,
        Tensor magnitudes, TransformMode mode) =>
        Apply(generator, unitImages, new BatchCodes(codes), directions, magnitudes, mode);

    public static TransformMode ParseMode(string text) => text switch
    {
        "residual" => TransformMode.Residual,
        "regenerate" => TransformMode.Regenerate,
        _ => throw new ArgumentException($"natra: transform '{text}' is not residual or regenerate"),
    };
}
