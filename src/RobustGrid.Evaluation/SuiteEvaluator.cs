using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Metrics;
using RobustGrid.Corruptions.Suite;
using RobustGrid.Data;
using RobustGrid.Evaluation.Scoring;
using static TorchSharp.torch;

namespace RobustGrid.Evaluation;

/// <summary>
/// Runs classifiers over clean images and every corruption × severity a suite holds, batch by batch, and builds one
/// report per classifier, every number from a <see cref="Scorer"/>. Each classifier receives uint8 NCHW batches on
/// <see cref="Device"/> and returns logits [B, classes]; any normalisation (mean/std, float conversion) is the
/// caller's, inside the delegate. Several classifiers share each corrupted set and each uploaded batch, so comparing
/// them reads the suite once. Synchronous by design: each batch runs inside one dispose scope and no_grad, with no
/// await in between.
/// </summary>
public sealed class SuiteEvaluator(IReadOnlyList<Func<Tensor, Tensor>> classifiers, Device device,
    int batchSize = ImageScoring.BatchSize)
{
    public SuiteEvaluator(Func<Tensor, Tensor> classifier, Device device, int batchSize = ImageScoring.BatchSize)
        : this([classifier], device, batchSize)
    {
    }

    public Device Device { get; } = device;

    /// <summary>The report of an evaluator built for one classifier.</summary>
    public RobustnessReport Evaluate(string model, ICorruptedSuite suite, byte[] cleanPixels,
        CorruptionRegistry? registry = null, IProgress<string>? progress = null) =>
        EvaluateEach([model], suite, cleanPixels, registry, progress)[0];

    /// <summary>The report of an evaluator built for one classifier, on clean images in memory or on disk.</summary>
    public RobustnessReport Evaluate(string model, ICorruptedSuite suite, IImageSource clean,
        CorruptionRegistry? registry = null, IProgress<string>? progress = null) =>
        EvaluateEach([model], suite, clean, registry, progress)[0];

    /// <summary>One report per classifier, named by <paramref name="models"/> in the same order.</summary>
    public IReadOnlyList<RobustnessReport> EvaluateEach(IReadOnlyList<string> models, ICorruptedSuite suite,
        byte[] cleanPixels, CorruptionRegistry? registry = null, IProgress<string>? progress = null) =>
        EvaluateEach(models, suite, ImageSources.Batches(cleanPixels, ImageBytes(suite), batchSize), registry,
            progress);

    /// <summary>One report per classifier on clean images in memory or on disk, read a batch at a time.</summary>
    public IReadOnlyList<RobustnessReport> EvaluateEach(IReadOnlyList<string> models, ICorruptedSuite suite,
        IImageSource clean, CorruptionRegistry? registry = null, IProgress<string>? progress = null) =>
        EvaluateEach(models, suite, clean.Batches(batchSize).Select(b => b.Pixels), registry, progress);

    private IReadOnlyList<RobustnessReport> EvaluateEach(IReadOnlyList<string> models, ICorruptedSuite suite,
        IEnumerable<byte[]> cleanBatches, CorruptionRegistry? registry, IProgress<string>? progress)
    {
        if (models.Count != classifiers.Count)
            throw new ArgumentException($"{models.Count} model names for {classifiers.Count} classifiers",
                nameof(models));
        var clean = ScoreEach(cleanBatches, suite);
        progress?.Report($"clean: error {string.Join(" / ", clean.Select(s => s.Error.ToString("P2")))}");
        var results = classifiers.Select(_ => new List<CorruptionResult>()).ToArray();
        foreach (var name in suite.Corruptions)
        {
            // A severity the suite does not hold stays NaN: not scored, and left out of every mean.
            var errors = classifiers.Select(_ => Unscored()).ToArray();
            var ece = classifiers.Select(_ => Unscored()).ToArray();
            foreach (var severity in suite.Severities)
            {
                var scores = ScoreEach(suite.Batches(name, severity, batchSize), suite);
                for (var k = 0; k < scores.Length; k++)
                {
                    errors[k][severity - 1] = scores[k].Error;
                    ece[k][severity - 1] = scores[k].Ece;
                }
            }
            ICorruption? known = null;
            if (registry is not null && registry.Names.Contains(name)) known = registry.Get(name);
            known ??= CorruptionRegistry.Default().All.FirstOrDefault(c => c.Name == name);
            for (var k = 0; k < classifiers.Count; k++)
                results[k]
                    .Add(new CorruptionResult(name, known?.Family, known?.IsBenchmark ?? false, errors[k], ece[k]));
            progress?.Report($"{name}: errors {string.Join(" / ", errors.Select(e =>
                string.Join(" ", e.Where(x => !double.IsNaN(x)).Select(x => x.ToString("P1")))))}");
        }
        return models.Select((model, k) => new RobustnessReport(model, suite.Description, clean[k], results[k]))
            .ToList();
    }

    /// <summary>The scores of an evaluator's one classifier on N images (uint8 N×H×W×C) with the suite's
    /// labels.</summary>
    public ClassifierScores Score(byte[] pixels, ICorruptedSuite suite) =>
        classifiers.Count == 1 ? ScoreEach(ImageSources.Batches(pixels, ImageBytes(suite), batchSize), suite)[0]
            : throw new InvalidOperationException($"this evaluator scores {classifiers.Count} classifiers");

    private static int ImageBytes(ICorruptedSuite suite) => suite.Height * suite.Width * suite.Channels;

    private static double[] Unscored() => Enumerable.Repeat(double.NaN, Severity.Max).ToArray();

    /// <param name="batches">The suite's N images in batches of the evaluator's size, the last one smaller.</param>
    private ClassifierScores[] ScoreEach(IEnumerable<byte[]> batches, ICorruptedSuite suite)
    {
        var (h, w, c) = (suite.Height, suite.Width, suite.Channels);
        var n = suite.Labels.Length;
        var scorers = classifiers.Select(_ => new Scorer()).ToArray();
        var imageBytes = h * w * c;
        var start = 0;
        foreach (var pixels in batches)
        {
            var count = pixels.Length / imageBytes;
            if (count == 0 || pixels.Length % imageBytes != 0 || start + count > n
                || (count != batchSize && start + count != n))
                throw new ArgumentException(
                    $"a batch of {pixels.Length} pixel bytes at image {start} does not continue {n} images of " +
                    $"{h}x{w}x{c} in batches of {batchSize}");
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var batch = tensor(pixels, [count, h, w, c]).to(Device).permute(0, 3, 1, 2).contiguous();
            var labels = tensor(suite.Labels.AsSpan(start, count).ToArray(), ScalarType.Int32)
                .to(ScalarType.Int64).to(Device);
            for (var k = 0; k < classifiers.Count; k++)
                scorers[k].Add(classifiers[k](batch), labels);
            start += count;
        }
        if (start != n)
            throw new ArgumentException($"{start} images of {h}x{w}x{c} scored, the suite has {n}");
        return [.. scorers.Select(s => s.Result())];
    }
}
