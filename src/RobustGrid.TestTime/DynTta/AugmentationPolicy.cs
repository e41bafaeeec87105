using System.Text.Json;
using RobustGrid.Training.Checkpoints;
using RobustGrid.TestTime.Operations;
using static TorchSharp.torch;

namespace RobustGrid.TestTime.DynTta;

/// <summary>
/// DynTTA's per-image weights and magnitudes on shifted images, aggregated per operation (mean weight;
/// weight-averaged raw magnitude): pooled over every shift, and for each shift (corruption, severity) on its own in
/// <see cref="Shifts"/>, the per-shift estimate the official code's retraining lists start from
/// (CUB_dataset/augmix.py). Images with a non-finite predictor output are left out and counted.
/// </summary>
public sealed record AugmentationPolicy(string[] Operations, double[] Weights, double[] Magnitudes,
    long SkippedImages = 0, IReadOnlyList<ShiftPolicy>? Shifts = null)
{
    public const string FileName = "augmentation-policy.json";

    internal static AugmentationPolicy Estimate(DynTtaEnhancer enhancer, IEnumerable<ShiftedBatch> shiftedRgbBatches)
    {
        using var noGrad = no_grad();
        var sums = new Dictionary<(string, int), (double[] Weights, double[] Magnitudes)>();
        var order = new List<(string Corruption, int Severity)>();
        var totalWeights = new double[OperationCatalog.Count];
        var totalMagnitudes = new double[OperationCatalog.Count];
        long skipped = 0;
        foreach (var (corruption, severity, batch) in shiftedRgbBatches)
        {
            using var scope = NewDisposeScope();
            var (magnitudes, weights) = enhancer.Predict(batch);
            var (m, w) = (magnitudes.to(ScalarType.Float64).cpu(), weights.to(ScalarType.Float64).cpu());
            // A non-finite predictor output would poison every sum; such images are left out and counted (none were
            // in the evidence runs), so a policy always comes out and says how many images it ignored.
            var finite = m.isfinite().all(1).logical_and(w.isfinite().all(1)).unsqueeze(1);
            w = where(finite, w, zeros_like(w));
            m = where(finite, m, zeros_like(m));
            skipped += finite.logical_not().sum().item<long>();
            // sum([0L]), not sum(0): a literal 0 binds to TorchSharp's sum(ScalarType) (Byte), which truncates every
            // weight to 0.
            var weightSum = w.sum([0L]).data<double>().ToArray();
            var magnitudeSum = w.mul(m).sum([0L]).data<double>().ToArray();
            if (!sums.TryGetValue((corruption, severity), out var shift))
            {
                shift = (new double[OperationCatalog.Count], new double[OperationCatalog.Count]);
                sums[(corruption, severity)] = shift;
                order.Add((corruption, severity));
            }
            for (var k = 0; k < OperationCatalog.Count; k++)
            {
                shift.Weights[k] += weightSum[k];
                shift.Magnitudes[k] += magnitudeSum[k];
                totalWeights[k] += weightSum[k];
                totalMagnitudes[k] += magnitudeSum[k];
            }
        }
        var (pooledWeights, pooledMagnitudes) = Normalise(totalWeights, totalMagnitudes);
        var shifts = order.Select(key =>
        {
            var (w, m) = Normalise(sums[key].Weights, sums[key].Magnitudes);
            return new ShiftPolicy(key.Corruption, key.Severity, w, m);
        }).ToList();
        return new AugmentationPolicy([.. OperationCatalog.Names], pooledWeights, pooledMagnitudes, skipped, shifts);
    }

    /// <summary>Weight sums to mean weights (summing to 1) and weighted magnitude sums to weighted means.</summary>
    private static (double[] Weights, double[] Magnitudes) Normalise(double[] weightSums, double[] magnitudeSums)
    {
        var total = weightSums.Sum();
        return (weightSums.Select(x => total > 0 ? x / total : 0.0).ToArray(),
            // An operation whose weight underflows to ~0 has no meaningful magnitude (m/x can overflow): use 0.
            weightSums.Select((x, i) => x > 0 && double.IsFinite(magnitudeSums[i] / x) ? magnitudeSums[i] / x : 0.0)
                .ToArray());
    }

    /// <summary>
    /// The mean weights for a target shift: the pooled weights (every corruption and severity) when
    /// <paramref name="corruptions"/> is empty; otherwise the mean over the named corruptions' shifts at
    /// <paramref name="severity"/> (0: at every severity), as the official lists name a shift such as shot noise at
    /// severity 5, or several together.
    /// </summary>
    public double[] WeightsFor(IReadOnlyCollection<string> corruptions, int severity)
    {
        if (corruptions.Count == 0) return Weights;
        var shifts = Shifts ?? throw new InvalidDataException(
            "the augmentation policy has no per-shift weights; estimate it again with 'robustgrid dyntta'");
        var known = shifts.Select(s => s.Corruption).Distinct().ToList();
        var unknown = corruptions.Where(c => !known.Contains(c)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"the augmentation policy has no shift '{string.Join(",", unknown)}'; " +
                $"it has {string.Join(",", known)}");
        var chosen = shifts.Where(s => corruptions.Contains(s.Corruption) && (severity == 0 || s.Severity == severity))
            .ToList();
        if (chosen.Count == 0)
            throw new ArgumentException($"the augmentation policy has no shift of {string.Join(",", corruptions)} " +
                $"at severity {severity}");
        return Enumerable.Range(0, Weights.Length).Select(i => chosen.Average(s => s.Weights[i])).ToArray();
    }

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, CheckpointFile.Json));

    public static AugmentationPolicy Load(string path) =>
        JsonSerializer.Deserialize<AugmentationPolicy>(File.ReadAllText(path), CheckpointFile.Json)
        ?? throw new InvalidDataException($"{path}: empty augmentation policy");
}

/// <summary>DynTTA's mean weights and weighted magnitudes on the images of one shift (corruption, severity).</summary>
public sealed record ShiftPolicy(string Corruption, int Severity, double[] Weights, double[] Magnitudes);

/// <summary>A batch of RGB images in [0, 1], all shifted by one corruption at one severity.</summary>
internal readonly record struct ShiftedBatch(string Corruption, int Severity, Tensor Images);
