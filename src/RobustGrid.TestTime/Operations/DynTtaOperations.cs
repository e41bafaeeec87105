using static TorchSharp.torch;

namespace RobustGrid.TestTime.Operations;

/// <summary>
/// All 50 DynTTA operations applied in parallel to the same images: one batched computation per group (one
/// grid_sample for rotate and scale, one FFT for the 38 filters, one URIE pass), never a loop over images.
/// </summary>
internal sealed class DynTtaOperations : IDisposable
{
    private Tensor? _masks;

    /// <summary>
    /// images [B, 3, H, W] in [0, 1], raw magnitudes [B, 50], the URIE enhancer (unit images to unit images):
    /// returns [B, 50, 3, H, W] in the catalogue's order.
    /// </summary>
    public Tensor ApplyAll(Tensor images, Tensor magnitudes, Func<Tensor, Tensor> urie)
    {
        using var scope = NewDisposeScope();
        Tensor M(int op) => magnitudes.select(1, op);
        var (rotated, scaled) = GeometricOperations.RotateAndScale(images, M(OperationCatalog.Rotate).tanh().mul(30.0),
            M(OperationCatalog.Scale).tanh().mul(0.3).add(1.0));
        var pointwise = new[]
        {
            rotated,
            scaled,
            ColorOperations.Saturation(images, M(OperationCatalog.Saturation).sigmoid().mul(5.0)),
            ColorOperations.Contrast(images, M(OperationCatalog.Contrast).sigmoid().mul(3.0)),
            Sharpness.Apply(images, M(OperationCatalog.Sharpness).sigmoid().mul(10.0)),
            ColorOperations.Brightness(images, M(OperationCatalog.Brightness).tanh().mul(0.6)),
            HistogramOperations.AutoContrast(images),
            ColorOperations.Hue(images, M(OperationCatalog.Hue).tanh().mul(2.0)),
            HistogramOperations.Equalize(images),
            ColorOperations.Invert(images),
            ColorOperations.Gamma(images, M(OperationCatalog.Gamma).sigmoid().mul(3.0)),
        };
        if (_masks is null || _masks.shape[1] != images.shape[2] || _masks.shape[2] != images.shape[3]
            || _masks.device != images.device)
        {
            _masks?.Dispose();
            _masks = FrequencyFilters.Masks((int)images.shape[2], (int)images.shape[3], images.device)
                .DetachFromDisposeScope();
        }
        var filtered = FrequencyFilters.ApplyAll(images, _masks);
        var enhanced = urie(images).unsqueeze(1);
        return cat([stack(pointwise, 1), filtered, enhanced], 1).MoveToOuterDisposeScope();
    }

    /// <summary>The filter masks are kept across calls, outside every dispose scope.</summary>
    public void Dispose()
    {
        _masks?.Dispose();
        _masks = null;
    }

    /// <summary>Σᵢ wᵢ·opᵢ(x) per image, clamped to [0, 1]; weights [B, 50].</summary>
    public static Tensor Blend(Tensor outputs, Tensor weights) =>
        outputs.mul(weights.view(weights.shape[0], weights.shape[1], 1, 1, 1)).sum(1).clamp(0.0, 1.0);
}
