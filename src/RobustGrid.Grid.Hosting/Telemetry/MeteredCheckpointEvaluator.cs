using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Telemetry;

namespace RobustGrid.Grid.Hosting.Telemetry;

/// <summary>Publishes evaluations completed per corruption and evaluation throughput.</summary>
internal sealed class MeteredCheckpointEvaluator(
    ICheckpointEvaluator inner,
    RobustGridMetrics metrics,
    TimeProvider clock) : ICheckpointEvaluator
{
    private const string CorruptionPrefix = "corruption/";

    public EvaluationResult Evaluate(EvaluationRequest request, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var result = inner.Evaluate(request, cancellationToken);
        // Corruption columns are "corruption/{name}" (and "/{severity}"); summaries such as mce are not corruptions.
        var corruptions = result.Metrics.Keys
            .Where(k => k.StartsWith(CorruptionPrefix, StringComparison.Ordinal) && k.Count(c => c == '/') == 1)
            .Select(k => k[CorruptionPrefix.Length..])
            .Where(name => name is not ("mce" or "mean_accuracy"))
            .Prepend("clean")
            .ToArray();
        var images = request.Spec.Parameters.TryGetValue("test_limit", out var limit) && int.TryParse(limit, out var n)
            ? n : 10_000;
        // Clean once, then each corruption at the spec's severities.
        var scored = images * (1 + request.Spec.Evaluation.Severities.Length * (corruptions.Length - 1));
        var seconds = clock.GetElapsedTime(started).TotalSeconds;
        metrics.EvaluationFinished(request.Spec.Dataset, result.Suite, corruptions, scored / Math.Max(1e-6, seconds));
        return result;
    }
}
