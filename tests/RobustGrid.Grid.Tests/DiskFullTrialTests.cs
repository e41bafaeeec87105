using System.Collections.Concurrent;
using System.Globalization;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Grains.Grains;
using RobustGrid.Tests.Shared;
using RobustGrid.Training.Checkpoints;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// A full disk is no training failure: the grid tells it from other I/O errors by the error the OS gives, and a trial
/// whose checkpoint does not fit waits on the grid's clock (longer while the disk stays full) and then resumes from its
/// last checkpoint, even with max_failures 0.
/// </summary>
public sealed class DiskFullTrialTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public void AWriteTheDiskHasNoRoomForIsOutOfSpaceAndOtherIoErrorsAreNot()
    {
        // /dev/full answers every write with ENOSPC, as a full file system does.
        var full = Assert.ThrowsAny<IOException>(() => File.WriteAllBytes("/dev/full", [1]));
        Assert.True(DiskSpace.IsOutOfSpace(full));
        Assert.True(DiskSpace.IsOutOfSpace(new CheckpointWriteException("/run/checkpoint.rgck", full.Message, full)));

        var missing = Path.Combine(TestData.NewScratchFolder(), "missing", "checkpoint.rgck");
        var other = Assert.ThrowsAny<IOException>(() => File.WriteAllBytes(missing, [1]));
        Assert.False(DiskSpace.IsOutOfSpace(other));
        Assert.False(DiskSpace.IsOutOfSpace(new CheckpointWriteException(missing, other.Message, other)));
        Assert.False(DiskSpace.IsOutOfSpace(new InvalidOperationException("not I/O")));
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task ATrialWhoseCheckpointDoesNotFitWaitsForSpaceAndResumesFromItsCheckpoint()
    {
        const string Spec = """
            name: disk-full
            dataset: fashion-mnist
            parameters:
              epochs: {value: 3}
            max_failures: 0
            """;
        var clock = new TestClock();
        var executor = new FullDiskExecutor();
        await using var grid = await GridCluster.StartAsync(1, _ => executor, clock: clock);
        var launch = await grid.Client.GetGrain<ISweepRegistryGrain>(0).Launch(Spec, null);
        Assert.True(launch.Ok, string.Join("\n", launch.Errors));
        var trialId = new TrialId(launch.SweepId!, 0).ToString();
        var trial = grid.Client.GetGrain<IExperimentGrain>(trialId);

        // Epoch 2's checkpoint does not fit: the attempt ends with the error naming the file, and the trial waits.
        var status = await WaitingForSpace(grid, trial, attempts: 1);
        var checkpoint = Path.Combine(Path.GetDirectoryName(executor.Runs.Single().Checkpoint)!, "checkpoint.txt");
        Assert.Contains($"could not write checkpoint {checkpoint}: No space left on device", status.Message);
        Assert.Contains("waiting 30 s for disk space", status.Message);
        Assert.Equal(0, status.Failures);

        // Not before the wait is over, then again; the disk is still full, and the next wait is twice as long.
        await NotRetriedAfter(grid, clock, trial, ExperimentGrain.FirstSpaceWait - TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(1));
        await trial.Check();
        status = await WaitingForSpace(grid, trial, attempts: 2);
        Assert.Contains("waiting 60 s for disk space", status.Message);
        Assert.Equal(0, status.Failures);

        // Space returns: after the longer wait the trial resumes after epoch 1 and completes.
        executor.Full = false;
        await NotRetriedAfter(grid, clock, trial, 2 * ExperimentGrain.FirstSpaceWait - TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(1));
        await trial.Check();
        var summary = await grid.WaitForSweep(launch.SweepId!, Patience);
        status = await trial.GetStatus();
        Assert.True(summary.State == SweepState.Completed && summary.Failed == 0,
            $"{summary.Outcome}: {status.Message}");
        Assert.Equal((TrialState.Completed, 3, 0), (status.State, status.Attempts, status.Failures));
        Assert.Equal([0, 1, 1], executor.Runs.Select(r => r.StartEpoch));
        var board = grid.Client.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For("fashion-mnist", "clean"));
        var rows = (await board.Query(new LeaderboardQuery(SweepId: launch.SweepId))).Rows;
        Assert.Equal([trialId], Assert.Single(rows).TrialIds);
    }

    /// <summary>The trial once its attempt <paramref name="attempts"/> found the disk full and its slot is free
    /// again.</summary>
    private static async Task<ExperimentStatus> WaitingForSpace(GridCluster grid, IExperimentGrain trial, int attempts)
    {
        var status = await Eventually.Until(trial.GetStatus,
            s => s.State.IsTerminal() || s.Attempts == attempts && s.Message?.Contains("disk space") == true,
            Patience, $"attempt {attempts} waiting for space");
        Assert.True(status.State == TrialState.Pending, $"{status.State}: {status.Message}");
        await Eventually.Until(async () => !await Queued(grid, status.TrialId), Patience, "the slot released");
        return status;
    }

    /// <summary>Moves the grid's clock by <paramref name="wait"/> and asks the trial to check itself (what the sweep's
    /// watchdog does): it must not ask for a slot yet.</summary>
    private static async Task NotRetriedAfter(GridCluster grid, TestClock clock, IExperimentGrain trial, TimeSpan wait)
    {
        var before = await trial.GetStatus();
        clock.Advance(wait);
        var status = await trial.Check();
        Assert.Equal((TrialState.Pending, before.Attempts), (status.State, status.Attempts));
        Assert.False(await Queued(grid, status.TrialId), "the trial asked for a slot before its wait was over");
    }

    /// <summary>Whether the trial waits for a slot or holds one.</summary>
    private static async Task<bool> Queued(GridCluster grid, string trialId)
    {
        var scheduler = await grid.Client.GetGrain<ISlotSchedulerGrain>(0).GetStatus();
        return scheduler.Waiting > 0 || scheduler.Slots.Any(s => s.CurrentTrial == trialId);
    }

    /// <summary>
    /// The simulated trainer's checkpoint-per-epoch, on a disk that has room for epoch 1's checkpoint only while
    /// <see cref="Full"/>: later writes fail with the error a full file system gives (from /dev/full), wrapped as the
    /// checkpoint code wraps it.
    /// </summary>
    private sealed class FullDiskExecutor : ITrialExecutor, ICheckpointEvaluator
    {
        public sealed record Run(string Checkpoint, int StartEpoch);

        private volatile bool _full = true;

        public bool Full
        {
            get => _full;
            set => _full = value;
        }

        public ConcurrentQueue<Run> Runs { get; } = new();

        TrialRunResult ITrialExecutor.Run(TrainerJob job, ITrialProgress progress, CancellationToken cancellationToken)
        {
            var checkpoint = Path.Combine(job.RunDirectory, "checkpoint.txt");
            var start = File.Exists(checkpoint)
                ? int.Parse(File.ReadAllText(checkpoint), CultureInfo.InvariantCulture)
                : 0;
            Runs.Enqueue(new Run(checkpoint, start));
            for (var epoch = start + 1; epoch <= job.Spec.Epochs; epoch++)
            {
                var text = epoch.ToString(CultureInfo.InvariantCulture);
                try
                {
                    File.WriteAllText(Full && epoch > 1 ? "/dev/full" : checkpoint, text);
                }
                catch (IOException e)
                {
                    throw new CheckpointWriteException(checkpoint, e.Message, e);
                }
                progress.OnEpoch(new EpochProgress(epoch, job.Spec.Epochs, 0.5, 0.5, 0.5, 1000, 0.01));
            }
            return new TrialRunResult(RunOutcome.Completed, job.Spec.Epochs, checkpoint, $"full-{job.Spec.TrialId}",
                null, new() { ["test_accuracy"] = 0.5 });
        }

        public EvaluationResult Evaluate(EvaluationRequest request, CancellationToken cancellationToken) =>
            new(request.CheckpointId, request.Spec.Evaluation.Suite, new()
            {
                [MetricNames.CleanAccuracy] = 0.5,
                [MetricNames.CleanError] = 0.5,
            }, 0);
    }
}
