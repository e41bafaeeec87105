using System.Text.Json;
using RobustGrid.Training.Checkpoints;
using RobustGrid.TestTime.Operations;
using static TorchSharp.torch;

namespace RobustGrid.TestTime.DynTta;

/// <summary>
/// RECONSTRUCTION of the paper's "estimating training-time augmentations" step (not in the official code): DynTTA's
/// per-image weights and magnitudes on shifted images, aggregated per operation (mean weight; weight-averaged raw
/// magnitude). The <c>dyntta-augment</c> training method retrains a classifier with these operations.
/// </summary>
public sealed record AugmentationPolicy(string[] Operations, double[] Weights, double[] Magnitudes,
    long SkippedImages = 0)
{
    public const string FileName = "augmentation-policy.json";

    internal static AugmentationPolicy Estimate(DynTtaEnhancer enhancer, IEnumerable<Tensor> shiftedRgbBatches)
    {
        using var noGrad = no_grad();
        using var weightSum = zeros(OperationCatalog.Count, ScalarType.Float64);
        using var magnitudeSum = zeros(OperationCatalog.Count, ScalarType.Float64);
        using var skipped = zeros(1, ScalarType.Int64);
        foreach (var batch in shiftedRgbBatches)
        {
            using var scope = NewDisposeScope();
            var (magnitudes, weights) = enhancer.Predict(batch);
            var (m, w) = (magnitudes.to(ScalarType.Float64).cpu(), weights.to(ScalarType.Float64).cpu());
            // A non-finite predictor output would poison every sum; such images are left out and counted (none were
            // in the evidence runs), so a policy always comes out and says how many images it ignored.
            var finite = m.isfinite().all(1).logical_and(w.isfinite().all(1)).unsqueeze(1);
            w = where(finite, w, zeros_like(w));
            m = where(finite, m, zeros_like(m));
            skipped.add_(finite.logical_not().sum());
            // sum([0L]), not sum(0): a literal 0 binds to TorchSharp's sum(ScalarType) (Byte), which truncates every
            // weight to 0.
            weightSum.add_(w.sum([0L]));
            magnitudeSum.add_(w.mul(m).sum([0L]));
        }
        var total = weightSum.sum().item<double>();
        var ws = weightSum.data<double>().ToArray();
        var ms = magnitudeSum.data<double>().ToArray();
        return new AugmentationPolicy([.. OperationCatalog.Names],
            ws.Select(x => total > 0 ? x / total : 0.0).ToArray(),
            // An operation whose weight underflows to ~0 has no meaningful magnitude (m/x can overflow): use 0.
            ws.Select((x, i) => x > 0 && double.IsFinite(ms[i] / x) ? ms[i] / x : 0.0).ToArray(), skipped.item<long>());
    }

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, CheckpointFile.Json));

    public static AugmentationPolicy Load(string path) =>
        JsonSerializer.Deserialize<AugmentationPolicy>(File.ReadAllText(path), CheckpointFile.Json)
        ?? throw new InvalidDataException($"{path}: empty augmentation policy");
}
