using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Metrics;
using RobustGrid.Corruptions.Suite;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Evaluation;

/// <summary>
/// Runs classifiers over clean images and every corruption × severity of a suite, batch by batch, and builds one
/// report per classifier. Each classifier receives uint8 NCHW batches on <see cref="Device"/> and returns logits
/// [B, classes]; any normalisation (mean/std, float conversion) is the caller's, inside the delegate. Several
/// classifiers share each corrupted set and each uploaded batch, so comparing them reads the suite once.
/// Synchronous by design: each batch runs inside one dispose scope and no_grad, with no await in between.
/// </summary>
public sealed class SuiteEvaluator(IReadOnlyList<Func<Tensor, Tensor>> classifiers, Device device, int batchSize = 500)
{
    public SuiteEvaluator(Func<Tensor, Tensor> classifier, Device device, int batchSize = 500) : this([classifier], device, batchSize)
    {
    }

    public Device Device { get; } = device;

    /// <summary>The report of an evaluator built for one classifier.</summary>
    public RobustnessReport Evaluate(string model, ICorruptedSuite suite, byte[] cleanPixels, CorruptionRegistry? registry = null,
        IProgress<string>? progress = null) =>
        EvaluateEach([model], suite, cleanPixels, registry, progress)[0];

    /// <summary>One report per classifier, named by <paramref name="models"/> in the same order.</summary>
    public IReadOnlyList<RobustnessReport> EvaluateEach(IReadOnlyList<string> models, ICorruptedSuite suite, byte[] cleanPixels,
        CorruptionRegistry? registry = null, IProgress<string>? progress = null)
    {
        if (models.Count != classifiers.Count)
            throw new ArgumentException($"{models.Count} model names for {classifiers.Count} classifiers", nameof(models));
        var clean = ScoreEach(cleanPixels, suite);
        progress?.Report($"clean: error {string.Join(" / ", clean.Select(b => b.Error.ToString("P2")))}");
        var results = classifiers.Select(_ => new List<CorruptionResult>()).ToArray();
        foreach (var name in suite.Corruptions)
        {
            var errors = classifiers.Select(_ => new double[Severity.Max]).ToArray();
            var ece = classifiers.Select(_ => new double[Severity.Max]).ToArray();
            foreach (var severity in Severity.All)
            {
                var bins = ScoreEach(suite.Images(name, severity), suite);
                for (var k = 0; k < bins.Length; k++)
                {
                    errors[k][severity - 1] = bins[k].Error;
                    ece[k][severity - 1] = bins[k].ExpectedCalibrationError();
                }
            }
            ICorruption? known = null;
            if (registry is not null && registry.Names.Contains(name)) known = registry.Get(name);
            known ??= CorruptionRegistry.Default().All.FirstOrDefault(c => c.Name == name);
            for (var k = 0; k < classifiers.Count; k++)
                results[k].Add(new CorruptionResult(name, known?.Family, known?.IsBenchmark ?? false, errors[k], ece[k]));
            progress?.Report($"{name}: errors {string.Join(" / ", errors.Select(e => string.Join(" ", e.Select(x => x.ToString("P1")))))}");
        }
        return models.Select((model, k) => new RobustnessReport(model, suite.Description, suite.Labels.Length, clean[k].Error,
            clean[k].ExpectedCalibrationError(), results[k])).ToList();
    }

    /// <summary>Accuracy and calibration of an evaluator's one classifier on N images (uint8 N×H×W×C) with the suite's labels.</summary>
    public CalibrationBins Score(byte[] pixels, ICorruptedSuite suite) =>
        classifiers.Count == 1 ? ScoreEach(pixels, suite)[0] : throw new InvalidOperationException($"this evaluator scores {classifiers.Count} classifiers");

    private CalibrationBins[] ScoreEach(byte[] pixels, ICorruptedSuite suite)
    {
        var (h, w, c) = (suite.Height, suite.Width, suite.Channels);
        var n = suite.Labels.Length;
        if (pixels.Length != (long)n * h * w * c)
            throw new ArgumentException($"{pixels.Length} pixel bytes do not make {n} images of {h}x{w}x{c}");
        var bins = classifiers.Select(_ => new CalibrationBins()).ToArray();
        var imageBytes = h * w * c;
        for (var start = 0; start < n; start += batchSize)
        {
            var count = Math.Min(batchSize, n - start);
            var confidence = new float[classifiers.Count][];
            var predicted = new long[classifiers.Count][];
            using (var scope = NewDisposeScope())
            using (no_grad())
            {
                var batch = tensor(pixels.AsSpan(start * imageBytes, count * imageBytes).ToArray(), [count, h, w, c])
                    .to(Device).permute(0, 3, 1, 2).contiguous();
                for (var k = 0; k < classifiers.Count; k++)
                {
                    var logits = classifiers[k](batch);
                    if (logits.shape.Length != 2 || logits.shape[0] != count)
                        throw new InvalidOperationException($"the classifier returned shape [{string.Join(", ", logits.shape)}], expected [{count}, classes]");
                    var (top, index) = nn.functional.softmax(logits.to_type(ScalarType.Float32), 1).max(1);
                    confidence[k] = top.cpu().data<float>().ToArray();
                    predicted[k] = index.cpu().data<long>().ToArray();
                }
            }
            for (var k = 0; k < classifiers.Count; k++)
                for (var i = 0; i < count; i++) bins[k].Add(confidence[k][i], predicted[k][i] == suite.Labels[start + i]);
        }
        return bins;
    }
}
