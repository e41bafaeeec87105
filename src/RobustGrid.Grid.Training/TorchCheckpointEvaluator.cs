using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using RobustGrid.Data;
using RobustGrid.Data.Catalog;
using RobustGrid.Evaluation;
using RobustGrid.Telemetry;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Data;
using RobustGrid.Training.TestTime.DynTta;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Grid.Training;

/// <summary>
/// Scores a checkpoint: on the clean test set (accuracy, error, expected calibration error with 15 bins), or on a
/// corruption suite through RobustGrid.Evaluation, whose corrupted sets are generated once per silo and then read from
/// the suite cache. Clean test sets are uploaded once per silo and kept. Runs on an evaluation worker thread: every
/// tensor op is synchronous inside dispose scopes and no_grad.
/// </summary>
public sealed class TorchCheckpointEvaluator : ICheckpointEvaluator, IDisposable
{
    private const int Bins = 15;
    private readonly ConcurrentDictionary<(string Dataset, int? Limit), DeviceImageSet> _testSets = new();
    private readonly IOptions<GridSiloOptions> options;
    private readonly DatasetCatalog? catalog;
    private readonly CheckpointEvaluator _suites;
    private readonly AdversarialCheckpointEvaluator _adversarial;

    public TorchCheckpointEvaluator(IOptions<GridSiloOptions> options, DatasetCatalog? catalog = null, RobustGridMetrics? metrics = null)
    {
        this.options = options;
        this.catalog = catalog;
        var factory = new SuiteFactory(catalog ?? DatasetCatalog.Default(), Path.Combine(RobustGridPaths.Home, "cache", "suites"));
        if (metrics is not null) factory.CacheLookup += (request, hit) => metrics.CacheLookup(request.Dataset, hit);
        _suites = new CheckpointEvaluator(factory);
        _adversarial = new AdversarialCheckpointEvaluator(catalog ?? DatasetCatalog.Default());
    }

    public EvaluationResult Evaluate(EvaluationRequest request, CancellationToken cancellationToken)
    {
        if (request.Spec.Method == DynTtaTrials.Method) return EvaluateEnhanced(request, cancellationToken);
        var device = SlotDevices.Resolve(options.Value.TrainerDevice);
        EvaluationResult result;
        using (var model = TrainedModel.Load(request.CheckpointPath, device))
            result = EvaluateSuite(request, model.Metadata, [model.Logits], device, cancellationToken)[0];
        // Adversarial suites add one robust-accuracy column each, named as the suite ("pgd-2/255", ...).
        foreach (var suite in request.Spec.Evaluation.Adversarial ?? [])
        {
            cancellationToken.ThrowIfCancellationRequested();
            var robust = _adversarial.Evaluate(request.CheckpointPath, suite, request.Spec.Evaluation.AdversarialExamples, device,
                (ulong)request.Spec.Seed);
            result.Metrics[suite] = robust.RobustAccuracy;
        }
        return result;
    }

    /// <summary>
    /// A DynTTA trial: the classifier behind its enhancer on the sweep's suite, and the classifier alone on the same
    /// suite under <see cref="DynTtaTrials.UnenhancedPrefix"/> columns. Attacks are not run on enhanced entries: the
    /// attack library scores plain classifiers.
    /// </summary>
    private EvaluationResult EvaluateEnhanced(EvaluationRequest request, CancellationToken cancellationToken)
    {
        var device = SlotDevices.Resolve(options.Value.TrainerDevice);
        // The stage-3 file lies in the DynTTA trial's run folder, which locates the store for trial references.
        var spec = TrialReferences.Resolve(request.Spec, Path.GetDirectoryName(request.CheckpointPath)!);
        using var enhanced = EnhancedClassifier.Load(DynTtaTrials.ClassifierPath(spec), request.CheckpointPath,
            DynTtaTrials.Options(spec), device);
        // One pass over the suite for both: each corrupted set is read and uploaded once.
        var both = EvaluateSuite(request, enhanced.Classifier.Metadata, [enhanced.Logits, enhanced.UnenhancedLogits], device, cancellationToken);
        var (result, alone) = (both[0], both[1]);
        foreach (var (name, value) in alone.Metrics) result.Metrics[DynTtaTrials.UnenhancedPrefix + name] = value;
        return result;
    }

    /// <param name="classifiers">The classifiers to score, on uint8 NCHW batches: one result each, in order.</param>
    private List<EvaluationResult> EvaluateSuite(EvaluationRequest request, CheckpointMetadata trained,
        IReadOnlyList<Func<Tensor, Tensor>> classifiers, Device device, CancellationToken cancellationToken)
    {
        var spec = request.Spec;
        var clock = Stopwatch.StartNew();
        var limit = spec.Evaluation.Examples ?? (spec.Parameters.TryGetValue("test_limit", out var t) ? int.Parse(t, System.Globalization.CultureInfo.InvariantCulture) : null);
        if (spec.Evaluation.Suite != "clean")
        {
            // Severities are always all five: mCE and the leaderboard's corruption x severity columns need them.
            var suite = new SuiteRequest(spec.Evaluation.Suite, Seed: 0, limit,
                Corruptions: spec.Evaluation.Corruptions.Length > 0 ? spec.Evaluation.Corruptions : null);
            var reports = _suites.EvaluateEach(trained, classifiers, suite, device);
            return [.. reports.Select(report =>
                new EvaluationResult(request.CheckpointId, spec.Evaluation.Suite, ReportColumns.From(report), clock.Elapsed.TotalSeconds))];
        }
        var test = _testSets.GetOrAdd((spec.Dataset, limit), key =>
        {
            var splits = (catalog ?? DatasetCatalog.Default()).Load(key.Dataset);
            return DeviceImageSet.Upload(key.Limit is { } n ? splits.Test.Take(n) : splits.Test, device);
        });
        return [.. classifiers.Select(logits =>
        {
            var (accuracy, ece) = Score(logits, test, cancellationToken);
            return new EvaluationResult(request.CheckpointId, spec.Evaluation.Suite, new()
            {
                [MetricNames.CleanAccuracy] = accuracy,
                [MetricNames.CleanError] = 1 - accuracy,
                [MetricNames.Ece] = ece,
            }, clock.Elapsed.TotalSeconds);
        })];
    }

    private static (double Accuracy, double Ece) Score(Func<Tensor, Tensor> logits, DeviceImageSet test, CancellationToken ct)
    {
        var confidenceSum = new double[Bins];
        var correctSum = new double[Bins];
        var counts = new long[Bins];
        long correct = 0;
        using var noGrad = torch.no_grad();
        for (var start = 0; start < test.Count; start += 1000)
        {
            ct.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var count = Math.Min(1000, test.Count - start);
            var probabilities = nn.functional.softmax(logits(test.Images.narrow(0, start, count)), 1);
            var (confidence, predicted) = probabilities.max(1);
            var hits = predicted.eq(test.Labels.narrow(0, start, count)).cpu().data<bool>().ToArray();
            var conf = confidence.to(ScalarType.Float64).cpu().data<double>().ToArray();
            for (var i = 0; i < count; i++)
            {
                var bin = Math.Min(Bins - 1, (int)(conf[i] * Bins));
                counts[bin]++;
                confidenceSum[bin] += conf[i];
                if (hits[i]) { correctSum[bin]++; correct++; }
            }
        }
        var total = (double)test.Count;
        var ece = 0.0;
        for (var b = 0; b < Bins; b++)
            if (counts[b] > 0) ece += counts[b] / total * Math.Abs(correctSum[b] / counts[b] - confidenceSum[b] / counts[b]);
        return (correct / total, ece);
    }

    public void Dispose()
    {
        foreach (var set in _testSets.Values) set.Dispose();
        _testSets.Clear();
    }
}
