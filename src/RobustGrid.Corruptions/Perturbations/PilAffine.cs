using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Perturbations;

/// <summary>
/// torchvision's PIL-era <c>F.affine(img, angle, translate, scale, shear=0, resample)</c> (torchvision 0.2 to 0.7,
/// which made CIFAR-10-P) on uint8 images: PIL's AFFINE transform with the inverse matrix about the centre
/// (w/2 + ½, h/2 + ½). PIL samples output pixel (x, y) at source (x', y') = M·(x + ½, y + ½); outside
/// [0, w) × [0, h) it fills black. Nearest reads pixel ⌊x'⌋; bilinear interpolates at (x' − ½, y' − ½) with the edge
/// pixels repeated and truncates to 8 bits, as PIL's 8-bit bilinear filter does.
/// <para>
/// The matrix and the sample positions are computed with torchvision's and PIL's operations in their order, in
/// float64: a bilinear value that lands on a whole level truncates one level lower when its position is one rounding
/// off, so any other algebraically equal order moves ~1 % of a scaled frame's values by one level.
/// </para>
/// </summary>
internal static class PilAffine
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
        var m = InverseMatrix(angleDegrees, translateX, scale, w * 0.5 + 0.5, h * 0.5 + 0.5);
        var x = arange(w, ScalarType.Float64, images.device).add_(0.5).reshape(1, w);
        var y = arange(h, ScalarType.Float64, images.device).add_(0.5).reshape(h, 1);
        // PIL's affine_transform: a·x + b·y + c, left to right.
        var xs = (x * m[0] + y * m[1]).add_(m[2]);
        var ys = (x * m[3] + y * m[4]).add_(m[5]);
        var inside = (xs >= 0).logical_and_(xs < w).logical_and_(ys >= 0).logical_and_(ys < h);
        var values = bilinear ? Bilinear(images, xs - 0.5, ys - 0.5) : Nearest(images, xs, ys);
        return values.masked_fill(inside.logical_not(), 0).to_type(ScalarType.Byte).MoveToOuterDisposeScope();
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

    private static Tensor Nearest(Tensor images, Tensor xs, Tensor ys) =>
        At(images, ys.floor().to_type(ScalarType.Int64), xs.floor().to_type(ScalarType.Int64))
            .to_type(ScalarType.Int64);

    private static Tensor Bilinear(Tensor images, Tensor xs, Tensor ys)
    {
        var (x0, y0) = (xs.floor(), ys.floor());
        var (dx, dy) = (xs - x0, ys - y0);
        var (xa, ya) = (x0.to_type(ScalarType.Int64), y0.to_type(ScalarType.Int64));
        var pixels = images.to_type(ScalarType.Float64);
        var top = Lerp(At(pixels, ya, xa), At(pixels, ya, xa + 1), dx);
        var bottom = Lerp(At(pixels, ya + 1, xa), At(pixels, ya + 1, xa + 1), dx);
        return Lerp(top, bottom, dy).floor_();
    }

    private static Tensor Lerp(Tensor a, Tensor b, Tensor t) => a + (b - a) * t;

    /// <summary>Pixels at [H', W'] row and column indices, clamped to the image.</summary>
    private static Tensor At(Tensor images, Tensor rows, Tensor columns)
    {
        var (h, w) = (images.shape[2], images.shape[3]);
        var flat = IndexMath.Plus(rows.clamp(0, h - 1) * w, columns.clamp(0, w - 1)).reshape(-1);
        return images.flatten(2).index_select(2, flat).reshape(images.shape[0], images.shape[1], rows.shape[0],
            rows.shape[1]);
    }
}
