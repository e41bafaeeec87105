using System.Collections.Concurrent;
using System.Globalization;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// A stand-in trainer whose best learning rate changes mid-training: until epoch <see cref="SwitchEpoch"/> an epoch
/// gains most at 0.1, after it at 0.01, and less the further (in decades) the trial's learning rate is from the best
/// one. Its "checkpoint" is the skill gained so far, so a trial that continues another one's checkpoint continues its
/// skill, as a real one continues its weights. Epochs cost <paramref name="epochMilliseconds"/> each (0: nothing).
/// </summary>
public sealed class MovingOptimumExecutor(int epochMilliseconds = 0) : ITrialExecutor, ICheckpointEvaluator
{
    public const int SwitchEpoch = 8;

    public sealed record RunRecord(string TrialId, int StartEpoch, int EndEpoch, string Outcome);

    public static ConcurrentQueue<RunRecord> Runs { get; } = new();

    /// <summary>The best learning rate of epoch <paramref name="epoch"/> (1-based).</summary>
    public static double BestLearningRate(int epoch) => epoch <= SwitchEpoch ? 0.1 : 0.01;

    /// <summary>What one epoch at <paramref name="learningRate"/> adds: 1 at the best rate.</summary>
    public static double Gain(double learningRate, int epoch)
    {
        var decades = Math.Log10(learningRate / BestLearningRate(epoch));
        return Math.Exp(-decades * decades / (2 * 0.35 * 0.35));
    }

    /// <summary>Test accuracy after <paramref name="epoch"/> epochs of <paramref name="epochs"/> with this
    /// skill.</summary>
    public static double Accuracy(double skill, int epochs) => skill / epochs;

    public TrialRunResult Run(TrainerJob job, ITrialProgress progress, CancellationToken cancellationToken)
    {
        var spec = job.Spec;
        var checkpoint = Path.Combine(job.RunDirectory, "checkpoint.txt");
        var (start, skill) = Read(checkpoint);
        var end = spec.Population?.EndEpoch ?? spec.Epochs;
        var lr = double.Parse(spec.Parameters["learning_rate"], CultureInfo.InvariantCulture);
        for (var epoch = start + 1; epoch <= end; epoch++)
        {
            if (epochMilliseconds > 0 ? cancellationToken.WaitHandle.WaitOne(epochMilliseconds)
                : cancellationToken.IsCancellationRequested)
            {
                Runs.Enqueue(new RunRecord(spec.TrialId, start, epoch - 1, "cancelled"));
                return new TrialRunResult(RunOutcome.Cancelled, epoch - 1, null, null, "cancelled", []);
            }
            skill += Gain(lr, epoch);
            File.WriteAllText(checkpoint + ".tmp", string.Create(CultureInfo.InvariantCulture, $"{epoch} {skill:R}"));
            File.Move(checkpoint + ".tmp", checkpoint, overwrite: true);
            var accuracy = Accuracy(skill, spec.Epochs);
            progress.OnEpoch(new EpochProgress(epoch, spec.Epochs, 1 - accuracy, accuracy, accuracy, 1000,
                epochMilliseconds / 1000.0));
        }
        Runs.Enqueue(new RunRecord(spec.TrialId, start, end, "completed"));
        return new TrialRunResult(RunOutcome.Completed, end, checkpoint, $"moving-{spec.TrialId}", null,
            new() { ["test_accuracy"] = Accuracy(skill, spec.Epochs) });
    }

    public EvaluationResult Evaluate(EvaluationRequest request, CancellationToken cancellationToken)
    {
        var accuracy = request.TrainingMetrics["test_accuracy"];
        return new EvaluationResult(request.CheckpointId, request.Spec.Evaluation.Suite, new()
        {
            [MetricNames.CleanAccuracy] = accuracy,
            [MetricNames.CleanError] = 1 - accuracy,
        }, 0);
    }

    private static (int Epoch, double Skill) Read(string checkpoint)
    {
        if (!File.Exists(checkpoint)) return (0, 0);
        var parts = File.ReadAllText(checkpoint).Split(' ');
        return (int.Parse(parts[0], CultureInfo.InvariantCulture),
            double.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
