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

/// <summary>Images moved along latent directions: the natural transformation of NaTra.</summary>
internal static class NaturalTransform
{
    /// <summary>
    /// <paramref name="unitImages"/> [B, C, H, W] in [0, 1], codes [B, latent], unit directions [B, latent] and
    /// magnitudes [B]; returns the transformed images in [0, 1], differentiable in the magnitudes.
    /// </summary>
    public static Tensor Apply(DcganGenerator generator, Tensor unitImages, Tensor codes, Tensor directions,
        Tensor magnitudes, TransformMode mode)
    {
        using var scope = NewDisposeScope();
        var moved = generator.call(codes.add(directions.mul(magnitudes.unsqueeze(1))));
        Tensor result;
        if (mode == TransformMode.Regenerate)
        {
            result = GanImages.ToUnit(moved);
        }
        else
        {
            Tensor original;
            using (no_grad()) original = generator.call(codes);
            result = unitImages.add(moved.sub(original).div(2.0)).clamp(0.0, 1.0);
        }
        return result.MoveToOuterDisposeScope();
    }

    public static TransformMode ParseMode(string text) => text switch
    {
        "residual" => TransformMode.Residual,
        "regenerate" => TransformMode.Regenerate,
        _ => throw new ArgumentException($"natra: transform '{text}' is not residual or regenerate"),
    };
}
