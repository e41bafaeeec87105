using System.Text.Json;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.TestTime.Operations;
using static TorchSharp.torch;

namespace RobustGrid.Training.TestTime.DynTta;

/// <summary>
/// RECONSTRUCTION of the paper's "estimating training-time augmentations" step (not in the official code): DynTTA's
/// per-image weights and magnitudes on shifted images, aggregated per operation (mean weight; weight-averaged raw
/// magnitude). The <c>dyntta-augment</c> training method retrains a classifier with these operations.
/// </summary>
public sealed record AugmentationPolicy(string[] Operations, double[] Weights, double[] Magnitudes)
{
    public const string FileName = "augmentation-policy.json";

    public static AugmentationPolicy Estimate(DynTtaEnhancer enhancer, IEnumerable<Tensor> shiftedRgbBatches)
    {
        using var noGrad = no_grad();
        using var weightSum = zeros(OperationCatalog.Count, ScalarType.Float64);
        using var magnitudeSum = zeros(OperationCatalog.Count, ScalarType.Float64);
        foreach (var batch in shiftedRgbBatches)
        {
            using var scope = NewDisposeScope();
            var (magnitudes, weights) = enhancer.Predict(batch);
            weightSum.add_(weights.sum(0).to(ScalarType.Float64).cpu());
            magnitudeSum.add_(weights.mul(magnitudes).sum(0).to(ScalarType.Float64).cpu());
        }
        var total = weightSum.sum().item<double>();
        var w = weightSum.data<double>().ToArray();
        var m = magnitudeSum.data<double>().ToArray();
        return new AugmentationPolicy([.. OperationCatalog.Names], w.Select(x => x / total).ToArray(),
            // An operation whose weight underflows to ~0 has no meaningful magnitude (m/x can overflow): use 0.
            w.Select((x, i) => x > 0 && double.IsFinite(m[i] / x) ? m[i] / x : 0.0).ToArray());
    }

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, CheckpointFile.Json));

    public static AugmentationPolicy Load(string path) =>
        JsonSerializer.Deserialize<AugmentationPolicy>(File.ReadAllText(path), CheckpointFile.Json)
        ?? throw new InvalidDataException($"{path}: empty augmentation policy");
}
