using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Metrics;
using RobustGrid.Corruptions.Suite;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Evaluation;

/// <summary>
/// Runs a classifier over clean images and every corruption × severity of a suite, batch by batch, and builds the
/// report. The classifier receives uint8 NCHW batches on <see cref="Device"/> and returns logits [B, classes]; any
/// normalisation (mean/std, float conversion) is the caller's, inside the delegate. Synchronous by design: each batch
/// runs inside one dispose scope and no_grad, with no await in between.
/// </summary>
public sealed class SuiteEvaluator(Func<Tensor, Tensor> classifier, Device device, int batchSize = 500)
{
    public Device Device { get; } = device;

    public RobustnessReport Evaluate(string model, ICorruptedSuite suite, byte[] cleanPixels, CorruptionRegistry? registry = null,
        IProgress<string>? progress = null)
    {
        var clean = Score(cleanPixels, suite);
        progress?.Report($"clean: error {clean.Error:P2}");
        var results = new List<CorruptionResult>();
        foreach (var name in suite.Corruptions)
        {
            var errors = new double[Severity.Max];
            var ece = new double[Severity.Max];
            foreach (var severity in Severity.All)
            {
                var bins = Score(suite.Images(name, severity), suite);
                errors[severity - 1] = bins.Error;
                ece[severity - 1] = bins.ExpectedCalibrationError();
            }
            ICorruption? known = null;
            if (registry is not null && registry.Names.Contains(name)) known = registry.Get(name);
            known ??= CorruptionRegistry.Default().All.FirstOrDefault(c => c.Name == name);
            results.Add(new CorruptionResult(name, known?.Family, known?.IsBenchmark ?? false, errors, ece));
            progress?.Report($"{name}: errors {string.Join(" ", errors.Select(e => e.ToString("P1")))}");
        }
        return new RobustnessReport(model, suite.Description, suite.Labels.Length, clean.Error, clean.ExpectedCalibrationError(), results);
    }

    /// <summary>Accuracy and calibration of the classifier on N images (uint8 N×H×W×C) with the suite's labels.</summary>
    public CalibrationBins Score(byte[] pixels, ICorruptedSuite suite)
    {
        var (h, w, c) = (suite.Height, suite.Width, suite.Channels);
        var n = suite.Labels.Length;
        if (pixels.Length != (long)n * h * w * c)
            throw new ArgumentException($"{pixels.Length} pixel bytes do not make {n} images of {h}x{w}x{c}");
        var bins = new CalibrationBins();
        var imageBytes = h * w * c;
        for (var start = 0; start < n; start += batchSize)
        {
            var count = Math.Min(batchSize, n - start);
            float[] confidence;
            long[] predicted;
            using (var scope = NewDisposeScope())
            using (no_grad())
            {
                var batch = tensor(pixels.AsSpan(start * imageBytes, count * imageBytes).ToArray(), [count, h, w, c])
                    .to(Device).permute(0, 3, 1, 2).contiguous();
                var logits = classifier(batch);
                if (logits.shape.Length != 2 || logits.shape[0] != count)
                    throw new InvalidOperationException($"the classifier returned shape [{string.Join(", ", logits.shape)}], expected [{count}, classes]");
                var (top, index) = nn.functional.softmax(logits.to_type(ScalarType.Float32), 1).max(1);
                confidence = top.cpu().data<float>().ToArray();
                predicted = index.cpu().data<long>().ToArray();
            }
            for (var i = 0; i < count; i++) bins.Add(confidence[i], predicted[i] == suite.Labels[start + i]);
        }
        return bins;
    }
}
