using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Perturbations;

/// <summary>
/// torchvision's PIL-era <c>F.affine(img, angle, translate, scale, shear=0, resample)</c> (torchvision 0.2 to 0.7,
/// which made CIFAR-10-P) on uint8 images: PIL's AFFINE transform with the inverse matrix about the centre
/// (w/2 + ½, h/2 + ½), black fill. The matrix is computed with torchvision's operations in their order, in float64,
/// for the same reason <see cref="PilAffine"/> keeps PIL's order for the sample positions.
/// </summary>
internal static class TorchvisionAffine
{
    /// <param name="images">uint8 [N, C, H, W].</param>
    /// <param name="angleDegrees">Counter-clockwise rotation, as torchvision's angle.</param>
    /// <param name="translateX">Pixels to the right.</param>
    /// <param name="bilinear">Bilinear, else nearest; nearest is PIL's only for a whole-pixel shift at unit scale
    /// (PIL's scaling path steps its positions, its rotating one rounds them to 1/65536 pixel).</param>
    public static Tensor Apply(Tensor images, double angleDegrees, double translateX, double scale, bool bilinear)
    {
        using var scope = NewDisposeScope();
        var (h, w) = (images.shape[2], images.shape[3]);
        var matrix = InverseMatrix(angleDegrees, translateX, scale, w * 0.5 + 0.5, h * 0.5 + 0.5);
        return PilAffine.Transform(images, PilAffine.Matrix(matrix), bilinear).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// torchvision 0.2's <c>_get_inverse_affine_matrix(center, angle, (tx, 0), scale, shear=0)</c>, operation for
    /// operation (<c>math.radians</c> is a product with π/180; the rotation part is divided by its determinant as
    /// computed).
    /// </summary>
    private static double[] InverseMatrix(double angleDegrees, double translateX, double scale, double cx, double cy)
    {
        var angle = angleDegrees * (Math.PI / 180.0);
        var (cos, sin) = (Math.Cos(angle), Math.Sin(angle));
        var factor = 1.0 / scale / (cos * cos + sin * sin);
        var m = new[] { factor * cos, factor * sin, 0.0, factor * -sin, factor * cos, 0.0 };
        m[2] = m[0] * (-cx - translateX) + m[1] * -cy + cx;
        m[5] = m[3] * (-cx - translateX) + m[4] * -cy + cy;
        return m;
    }
}
