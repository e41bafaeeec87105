using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Hosting.Timing;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// Where a sweep's wall time went, as 'robustgrid sweep run' prints it: the embedded silo's executors record their
/// trial runs, epochs and evaluations, and the breakdown cuts wall time into parts that add up to it.
/// </summary>
public sealed class WorkTimelineTests
{
    private static readonly DateTimeOffset Zero = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static WorkInterval At(WorkKind kind, int from, int to) =>
        new(kind, Zero.AddSeconds(from), Zero.AddSeconds(to));

    [Fact]
    public void PartsAddUpToTheWallTimeAndAnEpochCountsOnceWhereWorkOverlaps()
    {
        WorkInterval[] intervals =
        [
            At(WorkKind.TrialRun, 10, 60), At(WorkKind.Epoch, 20, 50), At(WorkKind.Evaluation, 40, 70),
            At(WorkKind.TrialRun, 75, 90),
        ];

        var parts = TimeBreakdown.Of(intervals, Zero, Zero.AddSeconds(100));

        Assert.Equal(TimeSpan.FromSeconds(100), parts.Wall);
        Assert.Equal(0.30, parts.Compute, 9); // 20-50
        Assert.Equal(0.20, parts.Evaluation, 9); // 50-70: 40-50 is the epoch's
        Assert.Equal(0.10, parts.StartUp, 9); // 0-10
        Assert.Equal(0.25, parts.TrialSetUp, 9); // 10-20 and 75-90
        Assert.Equal(0.15, parts.Between, 9); // 70-75 and 90-100
        Assert.Equal(0.50, parts.Overhead, 9);
        Assert.Equal("compute 30 %, evaluation 20 %, overhead 50 % of 1 min 40 s " +
            "(start-up 10 %, trial set-up 25 %, grid and idle 15 %)", parts.ToString());
    }

    [Fact]
    public void TheEmbeddedExecutorsRecordTrialRunsEpochsAndEvaluations()
    {
        var clock = new FakeTimeProvider(Zero);
        var services = new ServiceCollection();
        services.AddKeyedSingleton<TimeProvider>(GridClock.Key, clock);
        var work = new ClockedWork(clock);
        services.AddSingleton<ITrialExecutor>(work);
        services.AddSingleton<ICheckpointEvaluator>(work);
        services.AddWorkTimeline();
        using var provider = services.BuildServiceProvider();

        var spec = new TrialSpec("t", "t/0", 0, "fashion-mnist", "small-cnn", "erm", 0, 1, [], "t", [],
            "test_accuracy", "cpu", 0, EvaluationSpec.Clean);
        provider.GetRequiredService<ITrialExecutor>().Run(new TrainerJob(spec, 1, "run"), new NoProgress(), default);
        provider.GetRequiredService<ICheckpointEvaluator>().Evaluate(new EvaluationRequest(spec, "p", "c", []),
            default);

        Assert.Equal(
            [At(WorkKind.Epoch, 2, 7), At(WorkKind.TrialRun, 0, 8), At(WorkKind.Evaluation, 8, 11)],
            provider.GetRequiredService<WorkTimeline>().Snapshot());
    }

    /// <summary>A trial of 2 s set-up, a 5 s epoch and 1 s of checkpointing; an evaluation of 3 s.</summary>
    private sealed class ClockedWork(FakeTimeProvider clock) : ITrialExecutor, ICheckpointEvaluator
    {
        public TrialRunResult Run(TrainerJob job, ITrialProgress progress, CancellationToken cancellationToken)
        {
            clock.Advance(TimeSpan.FromSeconds(7));
            progress.OnEpoch(new EpochProgress(1, 1, 0, 0, 0, 0, Seconds: 5));
            clock.Advance(TimeSpan.FromSeconds(1));
            return new TrialRunResult(RunOutcome.Completed, 1, "p", "c", null, []);
        }

        public EvaluationResult Evaluate(EvaluationRequest request, CancellationToken cancellationToken)
        {
            clock.Advance(TimeSpan.FromSeconds(3));
            return new EvaluationResult("c", "clean", [], 3);
        }
    }

    private sealed class NoProgress : ITrialProgress
    {
        public void OnEpoch(EpochProgress progress)
        {
        }
    }
}
