using static TorchSharp.torch;

namespace RobustGrid.TestTime.Operations;

/// <summary>
/// DynTTA's two histogram operations on images [B, C, H, W] in [0, 1], per image and channel, batched. Neither is
/// differentiable: auto-contrast passes the gradient straight through (as DynTTA does), equalize passes none.
/// </summary>
internal static class HistogramOperations
{
    /// <summary>
    /// DynTTA's auto_contrast: LUT[j] = floor((j - min)·255 / (max - min + 0.1)) on the 0..255 scale, looked up at
    /// long(x·255); forward is that output, backward is the identity to x (straight-through estimator).
    /// </summary>
    public static Tensor AutoContrast(Tensor images)
    {
        using var scope = NewDisposeScope();
        Tensor output;
        using (no_grad())
        {
            var flat = images.flatten(0, 1).flatten(1, 2).clamp(0.0, 1.0).mul(255.0);
            var low = flat.amin([1L], keepdim: true);
            var high = flat.amax([1L], keepdim: true);
            var levels = arange(256, ScalarType.Float32, images.device).unsqueeze(0);
            var lut = levels.sub(low).mul(high.sub(low).add(0.1).reciprocal().mul(255.0)).floor();
            output = lut.gather(1, flat.to(ScalarType.Int64)).reshape(images.shape).div(255.0);
        }
        return images.add(output.sub(images).detach()).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// PIL's equalize as kornia implements it: step = (pixels - count of the last occupied level) // 255, LUT from
    /// the cumulative histogram shifted by one level; x unchanged where step is 0. Levels are rounded (not truncated)
    /// from x·255 so that uint8 images survive the float round trip exactly. No gradient.
    /// </summary>
    public static Tensor Equalize(Tensor images)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var flat = images.detach().flatten(0, 1).flatten(1, 2).clamp(0.0, 1.0).mul(255.0).round().to(ScalarType.Int64);
        var rows = flat.shape[0];
        var pixels = flat.shape[1];
        var histogram = zeros([rows, 256], device: images.device)
            .scatter_add_(1, flat, ones([rows, pixels], device: images.device));
        var lastLevel = histogram.gt(0).flip(1).to(ScalarType.Int32).argmax(1, keepdim: true).neg().add(255);
        var lastCount = histogram.gather(1, lastLevel);
        var step = lastCount.neg().add(pixels).div(255.0).floor();
        var lut = histogram.cumsum(1).add(step.div(2.0).floor()).div(step.clamp_min(1.0)).floor();
        lut = cat([zeros([rows, 1], device: images.device), lut.narrow(1, 0, 255)], 1).clamp(0.0, 255.0);
        var equalized = lut.gather(1, flat).div(255.0);
        var result = where(step.eq(0), images.detach().flatten(0, 1).flatten(1, 2), equalized);
        return result.reshape(images.shape).MoveToOuterDisposeScope();
    }
}
