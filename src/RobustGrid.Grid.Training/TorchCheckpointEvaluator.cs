using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using RobustGrid.Data.Catalog;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Data;
using RobustGrid.Training.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Grid.Training;

/// <summary>
/// Scores a checkpoint on the clean test set: accuracy, error and expected calibration error (15 bins). Test sets are
/// uploaded once per silo and kept (the cache the corruption suites will share). Corruption suites need the
/// corruption engine; until it is wired in, asking for one fails the evaluation with a message that says so.
/// Runs on an evaluation worker thread: every tensor op is synchronous inside dispose scopes and no_grad.
/// </summary>
public sealed class TorchCheckpointEvaluator(IOptions<GridSiloOptions> options, DatasetCatalog? catalog = null) : ICheckpointEvaluator, IDisposable
{
    private const int Bins = 15;
    private readonly ConcurrentDictionary<(string Dataset, int? Limit), DeviceImageSet> _testSets = new();

    public EvaluationResult Evaluate(EvaluationRequest request, CancellationToken cancellationToken)
    {
        var spec = request.Spec;
        if (spec.Evaluation.Suite != "clean")
            throw new NotSupportedException($"suite '{spec.Evaluation.Suite}' needs the corruption engine, which this build does not include; use suite: clean");
        var clock = Stopwatch.StartNew();
        var device = TorchRuntime.ResolveDevice(options.Value.TrainerDevice == "cuda" ? DeviceChoice.Cuda : DeviceChoice.Cpu);
        var limit = spec.Evaluation.Examples ?? (spec.Parameters.TryGetValue("test_limit", out var t) ? int.Parse(t, System.Globalization.CultureInfo.InvariantCulture) : null);
        var test = _testSets.GetOrAdd((spec.Dataset, limit), key =>
        {
            var splits = (catalog ?? DatasetCatalog.Default()).Load(key.Dataset);
            return DeviceImageSet.Upload(key.Limit is { } n ? splits.Test.Take(n) : splits.Test, device);
        });
        using var model = TrainedModel.Load(request.CheckpointPath, device);
        var (accuracy, ece) = Score(model, test, cancellationToken);
        return new EvaluationResult(request.CheckpointId, spec.Evaluation.Suite, new()
        {
            [MetricNames.CleanAccuracy] = accuracy,
            [MetricNames.CleanError] = 1 - accuracy,
            [MetricNames.Ece] = ece,
        }, clock.Elapsed.TotalSeconds);
    }

    private static (double Accuracy, double Ece) Score(TrainedModel model, DeviceImageSet test, CancellationToken ct)
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
            var probabilities = nn.functional.softmax(model.Logits(test.Images.narrow(0, start, count)), 1);
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
