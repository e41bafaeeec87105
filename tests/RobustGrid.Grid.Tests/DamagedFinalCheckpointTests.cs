using Microsoft.Extensions.Options;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Training.Checkpoints;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// A real training whose final checkpoint is damaged between training and evaluation (one byte flipped): the
/// evaluator sets the file aside, the trial retrains from the generation before it instead of evaluating the same file
/// again, and the sweep completes with the trial on the board.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DamagedFinalCheckpointTests
{
    /// <summary>max_failures 1: evaluating the damaged file again would fail twice and end the trial failed.</summary>
    private const string Spec = """
        name: damaged-final
        dataset: fashion-mnist
        method: grid
        parameters:
          method: {value: erm}
          model: {value: small-cnn}
          learning_rate: {value: 0.05}
          batch_size: {value: 64}
          epochs: {value: 2}
          train_limit: {value: 256}
          test_limit: {value: 128}
          threads: {value: 1}
        seeds: [0]
        max_failures: 1
        """;

    [Fact]
    public async Task ADamagedFinalCheckpointIsSetAsideAndTheTrialRetrainsFromThePreviousOne()
    {
        var options = Options.Create(new GridSiloOptions());
        DamagesFirstCheckpoint? executor = null;
        await using var grid = await GridCluster.StartAsync(1,
            store => executor = new DamagesFirstCheckpoint(new TorchPair(options, store)));
        var launch = await grid.Client.GetGrain<ISweepRegistryGrain>(0).Launch(Spec, "damaged");
        Assert.True(launch.Ok, string.Join("\n", launch.Errors));
        var summary = await grid.WaitForSweep(launch.SweepId!, TimeSpan.FromSeconds(150));
        var trialId = new TrialId(launch.SweepId!, 0).ToString();
        var trial = await grid.Client.GetGrain<IExperimentGrain>(trialId).GetStatus();
        Assert.True(summary.State == SweepState.Completed && summary.Failed == 0,
            $"{summary.Outcome}: trial {trial.State}, {trial.Message}");
        Assert.Equal(TrialState.Completed, trial.State);

        // The damaged file is kept, as it was, beside a new final checkpoint; the retraining resumed after epoch 1.
        var latest = trial.CheckpointPath!;
        var (damagedPath, damagedBytes) = executor!.Damaged!.Value;
        Assert.Equal(latest, damagedPath);
        Assert.Equal(damagedBytes, await File.ReadAllBytesAsync(latest + CheckpointGenerations.DamagedSuffix));
        var final = CheckpointFile.ReadMetadata(latest);
        var previous = CheckpointFile.ReadMetadata(CheckpointGenerations.PreviousOf(latest));
        Assert.Equal((2, 1), (final.EpochsCompleted, previous.EpochsCompleted));
        Assert.Equal(previous.History, final.History.Take(1));
        Assert.Equal((2, 1, 0), (trial.Attempts, trial.ResumedFromEpoch, trial.Failures));

        // The board has the trial, scored on the new checkpoint.
        var board = grid.Client.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For("fashion-mnist", "clean"));
        var row = Assert.Single((await board.Query(new LeaderboardQuery(MetricNames.CleanAccuracy, 10,
            SweepId: launch.SweepId, GroupSeeds: false))).Rows);
        Assert.Equal([latest], row.Checkpoints);
        Assert.Equal(final.History[^1].TestAccuracy, row.Mean, 12);
    }

    /// <summary>The real trainer and evaluator; the first attempt's final checkpoint gets one byte flipped.</summary>
    private sealed class DamagesFirstCheckpoint(TorchPair inner) : ITrialExecutor, ICheckpointEvaluator
    {
        public (string Path, byte[] Bytes)? Damaged { get; private set; }

        public TrialRunResult Run(TrainerJob job, ITrialProgress progress, CancellationToken cancellationToken)
        {
            var result = inner.Run(job, progress, cancellationToken);
            if (job.Attempt == 1 && result is { Outcome: RunOutcome.Completed, CheckpointPath: { } path })
            {
                var bytes = File.ReadAllBytes(path);
                bytes[bytes.Length / 2] ^= 0x40;
                File.WriteAllBytes(path, bytes);
                Damaged = (path, bytes);
            }
            return result;
        }

        public EvaluationResult Evaluate(EvaluationRequest request, CancellationToken cancellationToken) =>
            inner.Evaluate(request, cancellationToken);
    }
}
