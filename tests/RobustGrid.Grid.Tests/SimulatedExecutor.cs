using System.Collections.Concurrent;
using System.Globalization;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// A stand-in trainer for scheduling tests: each epoch sleeps, then writes the epoch number as its "checkpoint", and a
/// new attempt resumes after the last checkpointed epoch, like RobustGrid.Training's Trainer. Every run is recorded.
/// </summary>
public sealed class SimulatedExecutor(int epochMilliseconds) : ITrialExecutor, ICheckpointEvaluator
{
    public sealed record RunRecord(string TrialId, int Attempt, int StartEpoch, string Outcome, string Silo);

    public static ConcurrentQueue<RunRecord> Runs { get; } = new();

    public static ConcurrentDictionary<string, int> Evaluations { get; } = new();

    public static ConcurrentDictionary<string, int> Running { get; } = new();

    public TrialRunResult Run(TrainerJob job, ITrialProgress progress, CancellationToken cancellationToken)
    {
        var checkpoint = Path.Combine(job.RunDirectory, "checkpoint.txt");
        var start = File.Exists(checkpoint) ? int.Parse(File.ReadAllText(checkpoint), CultureInfo.InvariantCulture) : 0;
        var accuracy = Accuracy(job.Spec);
        Running[job.Spec.TrialId] = 1;
        try
        {
            for (var epoch = start + 1; epoch <= job.Spec.Epochs; epoch++)
            {
                if (cancellationToken.WaitHandle.WaitOne(epochMilliseconds))
                {
                    Runs.Enqueue(new RunRecord(job.Spec.TrialId, job.Attempt, start, "cancelled",
                        Environment.CurrentManagedThreadId.ToString(CultureInfo.InvariantCulture)));
                    return new TrialRunResult(RunOutcome.Cancelled, epoch - 1, null, null, "cancelled", []);
                }
                // Written and renamed, like a real checkpoint: a silo killed mid-write leaves the previous epoch's.
                File.WriteAllText(checkpoint + ".tmp", epoch.ToString(CultureInfo.InvariantCulture));
                File.Move(checkpoint + ".tmp", checkpoint, overwrite: true);
                var acc = accuracy * epoch / job.Spec.Epochs;
                progress.OnEpoch(
                    new EpochProgress(epoch, job.Spec.Epochs, 1 - acc, acc, acc, 1000, epochMilliseconds / 1000.0));
            }
            Runs.Enqueue(new RunRecord(job.Spec.TrialId, job.Attempt, start, "completed", ""));
            return new TrialRunResult(RunOutcome.Completed, job.Spec.Epochs, checkpoint, $"sim-{job.Spec.TrialId}",
                null, new() { ["test_accuracy"] = accuracy });
        }
        finally
        {
            Running.TryRemove(job.Spec.TrialId, out _);
        }
    }

    public EvaluationResult Evaluate(EvaluationRequest request, CancellationToken cancellationToken)
    {
        Evaluations.AddOrUpdate(request.CheckpointId, 1, (_, n) => n + 1);
        var accuracy = request.TrainingMetrics["test_accuracy"];
        return new EvaluationResult(request.CheckpointId, request.Spec.Evaluation.Suite, new()
        {
            [MetricNames.CleanAccuracy] = accuracy,
            [MetricNames.CleanError] = 1 - accuracy,
        }, 0);
    }

    /// <summary>Higher learning rate and seed give a slightly different accuracy, so rankings are not all
    /// ties.</summary>
    private static double Accuracy(TrialSpec spec)
    {
        var lr = spec.Parameters.TryGetValue("learning_rate", out var t) ? double.Parse(t, CultureInfo.InvariantCulture)
            : 0.1;
        return Math.Min(0.99, 0.5 + lr + spec.Seed * 0.001);
    }
}
