using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;

namespace RobustGrid.Bench.Grid;

/// <summary>
/// A trial kind that does no work, so a sweep measures pure scheduling overhead (grain calls, state, slot hand-off,
/// evaluation and leaderboard bookkeeping).
/// </summary>
internal sealed class ZeroCostBenchmarkExecutor : ITrialExecutor, ICheckpointEvaluator
{
    public TrialRunResult Run(TrainerJob job, ITrialProgress progress, CancellationToken cancellationToken)
    {
        var accuracy = Accuracy(job.Spec);
        // With early termination every epoch is reported, as a trainer reports it, so the scheduler decides at
        // every rung; a stop that arrives before the last epoch ends the trial there.
        for (var epoch = 1; job.Spec.Rungs.Length > 0 && epoch <= job.Spec.Epochs; epoch++)
        {
            if (cancellationToken.IsCancellationRequested)
                return new(RunOutcome.Cancelled, epoch - 1, null, null, "stopped", []);
            var reached = accuracy * epoch / job.Spec.Epochs;
            progress.OnEpoch(new EpochProgress(epoch, job.Spec.Epochs, 1 - reached, reached, reached, 0, 0));
        }
        return new(RunOutcome.Completed, job.Spec.Epochs, job.RunDirectory, $"zero-cost:{job.Spec.TrialId}", null,
            new() { ["test_accuracy"] = accuracy });
    }

    public EvaluationResult Evaluate(EvaluationRequest request, CancellationToken cancellationToken)
    {
        var accuracy = request.TrainingMetrics.GetValueOrDefault("test_accuracy");
        return new EvaluationResult(request.CheckpointId, request.Spec.Evaluation.Suite, new()
        {
            [MetricNames.CleanAccuracy] = accuracy,
            [MetricNames.CleanError] = 1 - accuracy,
        }, 0);
    }

    /// <summary>
    /// A pseudo-accuracy in [0.5, 1) that varies with configuration and seed, so leaderboards and ASHA see spread
    /// values, and is the same in every run of the benchmark (SHA-256: string.GetHashCode and HashCode are seeded per
    /// process).
    /// </summary>
    internal static double Accuracy(TrialSpec spec)
    {
        var text = spec.ConfigKey + "/" + spec.Seed.ToString(CultureInfo.InvariantCulture);
        var hash = BinaryPrimitives.ReadUInt32LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        return 0.5 + hash % 1000 / 2000.0;
    }
}
