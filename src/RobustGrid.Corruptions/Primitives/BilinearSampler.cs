using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Primitives;

/// <summary>
/// Order-1 (bilinear) sampling at arbitrary source coordinates, pixel centres at integers — the common core of
/// cv2.warpAffine(INTER_LINEAR) and scipy.ndimage.map_coordinates(order=1). Batched with gathers.
/// </summary>
internal static class BilinearSampler
{
    private static Tensor ReflectAboutEdges(Tensor coordinate, long n)
    {
        var shifted = (coordinate + 0.5).remainder(2 * n);
        return where(shifted >= n, 2 * n - shifted, shifted) - 0.5;
    }

    /// <param name="images">[N, C, H, W] float.</param>
    /// <param name="ys">[N, H', W'] source row coordinates.</param>
    /// <param name="xs">[N, H', W'] source column coordinates.</param>
    public static Tensor Sample(Tensor images, Tensor ys, Tensor xs, Border border)
    {
        using var scope = NewDisposeScope();
        var (n, c, h, w) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3]);
        var outH = ys.shape[1];
        var outW = ys.shape[2];
        if (border == Border.Symmetric)
        {
            // scipy's map_coordinates reflects the coordinate itself about the outer pixel edges (−½, n − ½) before
            // interpolating; only then are the taps that still fall outside read as edge pixels. Mapping taps alone
            // differs once a coordinate is more than half a pixel outside.
            ys = ReflectAboutEdges(ys, h);
            xs = ReflectAboutEdges(xs, w);
        }
        var y0f = ys.floor();
        var x0f = xs.floor();
        var wy = (ys - y0f).to_type(images.dtype).unsqueeze(1);
        var wx = (xs - x0f).to_type(images.dtype).unsqueeze(1);
        var y0 = y0f.to_type(ScalarType.Int64);
        var x0 = x0f.to_type(ScalarType.Int64);
        var ya = BorderIndex.Map(y0, h, border);
        var yb = BorderIndex.Map(y0 + 1, h, border);
        var xa = BorderIndex.Map(x0, w, border);
        var xb = BorderIndex.Map(x0 + 1, w, border);
        // Channels last, so one row index serves all channels: index_select of [N·H·W, C] rows.
        var rowsOf = images.permute(0, 2, 3, 1).reshape(n * h * w, c);
        var imageBase = (arange(n, dtype: ScalarType.Int64, device: images.device) * (h * w)).reshape(n, 1, 1);

        Tensor At(Tensor yi, Tensor xi) =>
            rowsOf.index_select(0, IndexMath.Plus(imageBase, yi * w, xi).reshape(-1)).reshape(n, outH, outW, c)
                .permute(0, 3, 1, 2);

        var top = At(ya, xa) * (1 - wx) + At(ya, xb) * wx;
        var bottom = At(yb, xa) * (1 - wx) + At(yb, xb) * wx;
        return (top * (1 - wy) + bottom * wy).MoveToOuterDisposeScope();
    }
}
