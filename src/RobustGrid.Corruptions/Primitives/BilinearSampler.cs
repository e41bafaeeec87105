using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Primitives;

/// <summary>
/// Order-1 (bilinear) sampling at arbitrary source coordinates, pixel centres at integers — the common core of
/// cv2.warpAffine(INTER_LINEAR) and scipy.ndimage.map_coordinates(order=1). Batched with gathers.
/// </summary>
internal static class BilinearSampler
{
    /// <param name="images">[N, C, H, W] float.</param>
    /// <param name="ys">[N, H', W'] source row coordinates.</param>
    /// <param name="xs">[N, H', W'] source column coordinates.</param>
    public static Tensor Sample(Tensor images, Tensor ys, Tensor xs, Border border)
    {
        using var scope = NewDisposeScope();
        var (n, c, h, w) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3]);
        var outH = ys.shape[1];
        var outW = ys.shape[2];
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
        var flat = images.reshape(n, c, h * w);

        Tensor At(Tensor yi, Tensor xi) =>
            flat.gather(2, (yi * w + xi).reshape(n, 1, outH * outW).expand(n, c, outH * outW)).reshape(n, c, outH, outW);

        var top = At(ya, xa) * (1 - wx) + At(ya, xb) * wx;
        var bottom = At(yb, xa) * (1 - wx) + At(yb, xb) * wx;
        return (top * (1 - wy) + bottom * wy).MoveToOuterDisposeScope();
    }
}
