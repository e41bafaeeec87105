using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Primitives;

/// <summary>
/// Pillow's <c>Image.transform(size, AFFINE, (a, b, c, d, e, f), NEAREST | BILINEAR)</c> on 8-bit images, batched.
/// Pillow (libImaging/Geometry.c) maps output pixel (x, y) to the input point x' = a·(x+½) + b·(y+½) + c,
/// y' = d·(x+½) + e·(y+½) + f; a point outside [0, W) × [0, H) gets the fill 0. Bilinear interpolates at
/// (x' − ½, y' − ½) from edge-clamped neighbours in double precision and truncates to 8 bits. Nearest reads pixel
/// (⌊x'⌋, ⌊y'⌋) as Geometry.c's generic nearest filter; Pillow's own AFFINE nearest path steps or rounds its
/// positions, so the two agree for whole-pixel shifts at unit scale. Callers build the matrix (Pillow's op
/// matrices, torchvision's inverse matrix); this only samples.
/// <para>
/// The positions are computed in float64 with Pillow's operations in its order: a bilinear value that lands on a whole
/// level truncates one level lower when its position is one rounding off, so any other algebraically equal order
/// moves ~1 % of a scaled frame's values by one level.
/// </para>
/// </summary>
public static class PilAffine
{
    /// <param name="images">[N, C, H, W] holding whole values 0..255, any dtype; the result has the same dtype.</param>
    /// <param name="matrix">[N, 6], one (a, b, c, d, e, f) per image, or [1, 6], one for all (used in float64).</param>
    /// <param name="bilinear">Bilinear, else nearest.</param>
    public static Tensor Transform(Tensor images, Tensor matrix, bool bilinear)
    {
        using var scope = NewDisposeScope();
        var (n, c, h, w) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3]);
        var m = matrix.shape[0];
        var coefficients = matrix.to(ScalarType.Float64, images.device);
        var x = arange(w, ScalarType.Float64, images.device).add_(0.5).reshape(1, 1, w);
        var y = arange(h, ScalarType.Float64, images.device).add_(0.5).reshape(1, h, 1);
        Tensor Coefficient(int i) => coefficients.select(1, i).reshape(m, 1, 1);
        // Pillow's affine_transform: a·x + b·y + c, left to right.
        var xs = Coefficient(0).mul(x).add(Coefficient(1).mul(y)).add_(Coefficient(2));
        var ys = Coefficient(3).mul(x).add(Coefficient(4).mul(y)).add_(Coefficient(5));
        var outside = xs.lt(0).logical_or_(xs.ge(w)).logical_or_(ys.lt(0)).logical_or_(ys.ge(h));
        var flat = images.to_type(ScalarType.Float64).reshape(n, c, h * w);
        // Rows and columns [M, H, W] to values [N, C, H, W]; a shared matrix's indices expand over the batch.
        Tensor At(Tensor rows, Tensor columns)
        {
            var index = IndexMath.Plus(rows.clamp(0, h - 1).to_type(ScalarType.Int64).mul(w),
                columns.clamp(0, w - 1).to_type(ScalarType.Int64));
            return flat.gather(2, index.reshape(m, 1, h * w).expand(n, c, h * w)).reshape(n, c, h, w);
        }
        var values = bilinear ? Bilinear(At, xs.sub(0.5), ys.sub(0.5)) : At(ys.floor(), xs.floor());
        return values.masked_fill_(outside.unsqueeze(1), 0).to_type(images.dtype).MoveToOuterDisposeScope();
    }

    /// <summary>Stacks per-image coefficients ([M] each, float64) into the [M, 6] matrix.</summary>
    public static Tensor Matrix(Tensor a, Tensor b, Tensor c, Tensor d, Tensor e, Tensor f) =>
        stack([a, b, c, d, e, f], 1);

    /// <summary>A matrix shared by every image of a batch, as [1, 6].</summary>
    public static Tensor Matrix(IReadOnlyList<double> coefficients) =>
        tensor(coefficients.ToArray(), ScalarType.Float64).reshape(1, 6);

    private static Tensor Bilinear(Func<Tensor, Tensor, Tensor> at, Tensor xs, Tensor ys)
    {
        var (x0, y0) = (xs.floor(), ys.floor());
        var (dx, dy) = (xs.sub(x0).unsqueeze(1), ys.sub(y0).unsqueeze(1));
        var (x1, y1) = (x0.add(1), y0.add(1));
        var top = Lerp(at(y0, x0), at(y0, x1), dx);
        var bottom = Lerp(at(y1, x0), at(y1, x1), dx);
        // Pillow's (UINT8) cast truncates; the values are never negative.
        return Lerp(top, bottom, dy).trunc_();
    }

    private static Tensor Lerp(Tensor a, Tensor b, Tensor t) => a.add(b.sub(a).mul_(t));
}
