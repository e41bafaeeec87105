using RobustGrid.Catalog;
using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Metrics;
using RobustGrid.Data;
using RobustGrid.Evaluation.Scoring;
using static TorchSharp.torch;

namespace RobustGrid.Evaluation;

/// <summary>
/// Scores trained classifiers on their dataset's clean test set and on a corruption suite, through the scorer.
/// Synchronous (TorchSharp state is per thread): call it on a worker thread, never on an Orleans turn. Loading a
/// checkpoint into a <see cref="ByteClassifier"/> is RobustGrid.Training's (CheckpointScoring).
/// </summary>
public sealed class CheckpointEvaluator(SuiteFactory suites)
{
    /// <summary>The first <paramref name="limit"/> test images (all when null), as the trainer and the suites take
    /// them.</summary>
    public ClassifierScores Clean(ByteClassifier classifier, int? limit, Device device,
        CancellationToken cancellation = default)
    {
        var test = suites.Catalog.Load(classifier.Dataset).TestImages;
        return Clean(classifier, limit is { } n ? test.Take(n) : test, device, cancellation);
    }

    /// <summary>A clean image set of the classifier's dataset, e.g. a prefix of its test set, in memory or on disk
    /// (uploaded a batch at a time).</summary>
    public ClassifierScores Clean(ByteClassifier classifier, IImageSource test, Device device,
        CancellationToken cancellation = default) =>
        ImageScoring.Score(classifier.Logits, test, device, cancellation: cancellation);

    public RobustnessReport Evaluate(ByteClassifier classifier, SuiteRequest request, Device device,
        IProgress<string>? progress = null) =>
        EvaluateEach([classifier], request, device, progress)[0];

    /// <summary>
    /// Scores classifiers of one dataset (e.g. several checkpoints, or one classifier with and without a test-time
    /// enhancer in front) on one pass over the suite: one report each, in order.
    /// </summary>
    public IReadOnlyList<RobustnessReport> EvaluateEach(IReadOnlyList<ByteClassifier> classifiers, SuiteRequest request,
        Device device, IProgress<string>? progress = null)
    {
        if (classifiers.Count == 0) throw new ArgumentException("no classifier to evaluate", nameof(classifiers));
        // Suites open to any dataset corrupt the test set of the dataset the classifiers were trained on.
        if (request.EvaluatedDataset is null && SuiteNames.AnyDataset.Contains(request.Name))
            request = request with { EvaluatedDataset = classifiers[0].Dataset };
        foreach (var classifier in classifiers)
            if (classifier.Dataset != request.Dataset)
                throw new ArgumentException($"{classifier.Name} was trained on {classifier.Dataset}; " +
                    $"suite '{request.Name}' is for {request.Dataset}");
        var (suite, clean) = suites.Create(request);
        var reports = new SuiteEvaluator([.. classifiers.Select(c => c.Logits)], device)
            .EvaluateEach([.. classifiers.Select(c => c.Name)], suite, clean, CorruptionRegistry.Default(),
                progress);
        // AlexNet's errors average all five severities: a subset has nothing to be normalised by.
        var baseline = suite.Severities.Count == Severity.Max ? Baseline.ForSuite(request.Name) : null;
        return [.. reports.Select(r => r with { MceBaseline = baseline })];
    }
}
