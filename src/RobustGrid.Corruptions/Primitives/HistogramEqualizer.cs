using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Primitives;

/// <summary>
/// cv2.equalizeHist per image, batched: lut[v] = round(255·(cdf[v] − h₀)/(total − h₀)) where h₀ is the count of the
/// lowest occupied level (which maps to 0); a constant image is returned unchanged.
/// </summary>
internal static class HistogramEqualizer
{
    /// <param name="levels">[N, H, W] int64 values 0..255.</param>
    public static Tensor Equalize(Tensor levels)
    {
        using var scope = NewDisposeScope();
        var n = levels.shape[0];
        var flat = levels.reshape(n, -1);
        var total = (double)flat.shape[1];
        var hist = zeros([n, 256], ScalarType.Float64, levels.device)
            .scatter_add_(1, flat, ones_like(flat, ScalarType.Float64));
        var cdf = hist.cumsum(1);
        var lowest = flat.amin([1], keepdim: true);
        var h0 = hist.gather(1, lowest);
        var lut = ((cdf - h0) * 255.0 / (total - h0).clamp_min(1)).round().clamp(0, 255);
        var equalized = lut.gather(1, flat).reshape(levels.shape);
        var constant = h0.eq(total).reshape(n, 1, 1);
        return where(constant, levels.to_type(ScalarType.Float64), equalized).MoveToOuterDisposeScope();
    }
}
