using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using RobustGrid.Data;
using RobustGrid.Catalog;
using RobustGrid.Data.Catalog;
using RobustGrid.Evaluation;
using RobustGrid.Evaluation.Perturbations;
using RobustGrid.Evaluation.Scoring;
using RobustGrid.Telemetry;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Methods;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Data;
using RobustGrid.Training.Runtime;
using RobustGrid.TestTime.DynTta;
using static TorchSharp.torch;

namespace RobustGrid.Grid.Training;

/// <summary>
/// Scores a checkpoint on the clean test set or on a corruption suite, and under the sweep's attacks, every number
/// through RobustGrid.Evaluation's scorer (the same as <c>robustgrid eval</c>). Corrupted sets are generated once per
/// silo and then read from the suite cache (those of a test split on disk corrupted batch by batch each time); clean
/// test sets in memory are uploaded once per silo and kept, those on disk read batch by batch. Runs on an
/// evaluation worker thread: every tensor op is synchronous inside dispose scopes and no_grad. A trial's checkpoint
/// that fails verification is set aside (<see cref="DamagedCheckpointException"/>).
/// </summary>
public sealed class TorchCheckpointEvaluator : ICheckpointEvaluator, IDisposable
{
    private readonly ConcurrentDictionary<(string Dataset, int? Limit), EvaluationSplit> _testSets = new();
    private readonly IOptions<GridSiloOptions> _options;
    private readonly DatasetCatalog _catalog;
    private readonly ICheckpointStore? _store;
    private readonly CheckpointEvaluator _suites;
    private readonly AdversarialCheckpointEvaluator _adversarial;

    /// <param name="suites">Where corruption suites come from; by default the catalog's, cached under
    /// <c>$ROBUSTGRID_HOME/cache/suites</c>.</param>
    /// <param name="store">The grid's checkpoint store, where trial references (<c>trial:&lt;id&gt;</c>) are found; a
    /// silo injects it. Without one, a checkpoint whose spec references another trial cannot be evaluated.</param>
    public TorchCheckpointEvaluator(IOptions<GridSiloOptions> options, DatasetCatalog? catalog = null,
        RobustGridMetrics? metrics = null, SuiteFactory? suites = null, ICheckpointStore? store = null)
    {
        _options = options;
        _store = store;
        _catalog = suites?.Catalog ?? catalog ?? DatasetCatalog.Default();
        var factory = suites ?? new SuiteFactory(_catalog, Path.Combine(RobustGridPaths.Home, "cache", "suites"));
        if (metrics is not null) factory.CacheLookup += (request, hit) => metrics.CacheLookup(request.Dataset, hit);
        _suites = new CheckpointEvaluator(factory);
        _adversarial = new AdversarialCheckpointEvaluator(_catalog);
    }

    public EvaluationResult Evaluate(EvaluationRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return EvaluateCheckpoint(request, cancellationToken);
        }
        catch (CheckpointCorruptException e) when (e.Path == request.CheckpointPath)
        {
            // The trial's own checkpoint (not, say, the classifier a DynTTA trial enhances): set aside as a resume
            // would, so that the trial retrains from the newest generation that verifies.
            var resume = CheckpointGenerations.FindResumable(request.CheckpointPath);
            // The file verified when it was read again: not damaged where it is stored, an ordinary failure.
            if (resume.Warning is not { } warning) throw;
            throw new DamagedCheckpointException(warning, resume.Checkpoint?.Metadata.EpochsCompleted ?? 0, e);
        }
        finally
        {
            // As after a trial: the evaluation's peak is free now and would otherwise stay resident for good.
            NativeHeap.ReleaseFreePages();
        }
    }

    private EvaluationResult EvaluateCheckpoint(EvaluationRequest request, CancellationToken cancellationToken)
    {
        if (request.Spec.Method == DynTtaTrials.Method) return EvaluateEnhanced(request, cancellationToken);
        var device = SlotDevices.Resolve(_options.Value.TrainerDevice);
        using var model = TrainedModel.Load(request.CheckpointPath, MethodRegistry.Create, device);
        var result = EvaluateSuite(request, [model.Classifier()], device, cancellationToken)[0];
        // Adversarial suites add one robust-accuracy column each, named as the suite ("pgd-2/255", ...).
        foreach (var suite in request.Spec.Evaluation.Adversarial ?? [])
        {
            cancellationToken.ThrowIfCancellationRequested();
            var robust = _adversarial.Evaluate(model.AttackTarget(), suite, request.Spec.Evaluation.AdversarialExamples,
                device, (ulong)request.Spec.Seed);
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
        var device = SlotDevices.Resolve(_options.Value.TrainerDevice);
        var spec = TrialReferences.Resolve(request.Spec, _store);
        using var enhanced = EnhancedClassifier.Load(DynTtaTrials.ClassifierPath(spec), MethodRegistry.Create,
            request.CheckpointPath, DynTtaTrials.Options(spec), device);
        // One pass over the suite for both: each corrupted set is read and uploaded once.
        var both = EvaluateSuite(request, [enhanced.Enhanced, enhanced.Unenhanced], device, cancellationToken);
        var (result, alone) = (both[0], both[1]);
        foreach (var (name, value) in alone.Metrics) result.Metrics[DynTtaTrials.UnenhancedPrefix + name] = value;
        return result;
    }

    /// <param name="classifiers">The classifiers to score: one result each, in order.</param>
    private List<EvaluationResult> EvaluateSuite(EvaluationRequest request, IReadOnlyList<ByteClassifier> classifiers,
        Device device, CancellationToken cancellationToken)
    {
        var spec = request.Spec;
        var clock = Stopwatch.StartNew();
        var limit = spec.Evaluation.Examples ?? (spec.Parameters.TryGetValue("test_limit", out var t)
            ? int.Parse(t, System.Globalization.CultureInfo.InvariantCulture) : null);
        if (spec.Evaluation.Suite == PerturbationNames.Suite)
            return [.. classifiers.Select(classifier =>
                ScorePerturbations(request, classifier, limit, device, clock, cancellationToken))];
        if (spec.Evaluation.Suite != "clean")
        {
            // Only the spec's severities are generated and scored; an entry's board names them, as it names
            // the corruptions and n_examples (GridCatalog.BoardSuite).
            var suite = new SuiteRequest(spec.Evaluation.Suite, Seed: 0, limit,
                Corruptions: spec.Evaluation.Corruptions.Length > 0 ? spec.Evaluation.Corruptions : null,
                Severities: spec.Evaluation.Severities.Length > 0 ? spec.Evaluation.Severities : null);
            var reports = _suites.EvaluateEach(classifiers, suite, device);
            return [.. reports.Select(report =>
                new EvaluationResult(request.CheckpointId, spec.Evaluation.Suite, ReportColumns.From(report),
                    clock.Elapsed.TotalSeconds))];
        }
        var test = TestSet(spec.Dataset, limit, device);
        return [.. classifiers.Select(classifier =>
        {
            var scores = test.Score(classifier.Logits, cancellationToken);
            return new EvaluationResult(request.CheckpointId, spec.Evaluation.Suite, ReportColumns.From(scores),
                clock.Elapsed.TotalSeconds);
        })];
    }

    /// <summary>The clean columns and CIFAR-10-P's stability columns, on the same first test images.</summary>
    private EvaluationResult ScorePerturbations(EvaluationRequest request, ByteClassifier classifier, int? limit,
        Device device, Stopwatch clock, CancellationToken cancellationToken)
    {
        var spec = request.Spec;
        var clean = TestSet(spec.Dataset, limit, device).Score(classifier.Logits, cancellationToken);
        var images = _catalog.Load(spec.Dataset).TestImages;
        var report = new PerturbationEvaluator(device).Evaluate(classifier,
            (limit is { } n ? images.Take(n) : images).Load(), seed: 0,
            spec.Evaluation.Corruptions.Length > 0 ? spec.Evaluation.Corruptions : null,
            cancellation: cancellationToken);
        return new EvaluationResult(request.CheckpointId, spec.Evaluation.Suite, ReportColumns.From(clean, report),
            clock.Elapsed.TotalSeconds);
    }

    /// <summary>The first test images of a dataset: on the device, uploaded once per silo, or on disk where the
    /// dataset keeps its test split there.</summary>
    private EvaluationSplit TestSet(string dataset, int? limit, Device device) =>
        _testSets.GetOrAdd((dataset, limit), key =>
        {
            var test = _catalog.Load(key.Dataset).TestImages;
            return EvaluationSplit.For(key.Limit is { } n ? test.Take(n) : test, device);
        });

    public void Dispose()
    {
        foreach (var set in _testSets.Values) set.Dispose();
        _testSets.Clear();
    }
}
