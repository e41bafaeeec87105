using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Primitives;

/// <summary>
/// OpenCV's distanceTransform(DIST_L2, DIST_MASK_5) for [N, H, W] boolean seed masks (true where OpenCV's input is
/// 0): Borgefors' 5×5 chamfer distance with steps 1, 1.4 and 2.1969 (knight's move), two raster passes, reproduced
/// bit for bit. OpenCV accumulates in integers scaled by 2¹⁶ (steps 65536, 91750, 143976), starts from and caps the
/// forward pass at (2³¹ − 1) >> 2, so a mask without any seed comes out 8192 everywhere, and treats pixels outside the
/// image as unreached; the result is float32(t) / 2¹⁶.
/// <para>
/// Each pass runs row by row (a row needs the two rows before it), batched over images. Within a row the only
/// dependency is t[j] = min(c[j], t[j − 1] + 1·2¹⁶), a min-plus scan: t[j] = min over k ≤ j of c[k] + (j − k)·2¹⁶,
/// which is j·2¹⁶ + the running minimum of c[k] − k·2¹⁶; in 64-bit integers it equals OpenCV's loop exactly.
/// </para>
/// </summary>
internal static class DistanceTransform
{
    private const long Straight = 65536;
    private const long Diagonal = 91750;
    private const long Knight = 143976;
    private const long Unreached = int.MaxValue >> 2;

    public static Tensor ChamferL2Mask5(Tensor seeds)
    {
        using var scope = NewDisposeScope();
        var (n, h, w) = (seeds.shape[0], seeds.shape[1], seeds.shape[2]);
        var t = full([n, h + 4, w + 4], Unreached, ScalarType.Int64, seeds.device);
        var ramp = arange(w, ScalarType.Int64, seeds.device).mul_(Straight).unsqueeze(0);
        for (var i = 0; i < h; i++)
        {
            using var rowScope = NewDisposeScope();
            var c = FromRowsBeside(t.select(1, i + 1), t.select(1, i), w).masked_fill_(seeds.select(1, i), 0);
            var row = c.sub_(ramp).cummin(1).values.add_(ramp).clamp_max_(Unreached);
            Columns(t.select(1, i + 2), 2, w).copy_(row);
        }
        for (var i = h - 1; i >= 0; i--)
        {
            using var rowScope = NewDisposeScope();
            var current = Columns(t.select(1, i + 2), 2, w);
            var c = FromRowsBeside(t.select(1, i + 3), t.select(1, i + 4), w).minimum(current);
            // The scan from the right: t[j] = min over k ≥ j of c[k] + (k − j)·2¹⁶.
            var row = c.add_(ramp).flip(1).cummin(1).values.flip(1).sub_(ramp);
            current.copy_(row);
        }
        var inside = t.narrow(1, 2, h).narrow(2, 2, w);
        return inside.to_type(ScalarType.Float32).mul_(1.0 / Straight).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Each column's shortest step from the mask's cells in the two rows on one side of it (the nearer row one away,
    /// the farther two). The 5×5 mask is symmetric left to right, so the scan down and the scan up share it.
    /// </summary>
    private static Tensor FromRowsBeside(Tensor nearer, Tensor farther, long w) =>
        Columns(farther, 1, w).add(Knight)
            .minimum(Columns(farther, 3, w).add(Knight))
            .minimum(Columns(nearer, 0, w).add(Knight))
            .minimum(Columns(nearer, 1, w).add(Diagonal))
            .minimum(Columns(nearer, 2, w).add(Straight))
            .minimum(Columns(nearer, 3, w).add(Diagonal))
            .minimum(Columns(nearer, 4, w).add(Knight));

    private static Tensor Columns(Tensor row, long start, long w) => row.narrow(1, start, w);
}
