using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// A trainer slot's worker runs each job on a dedicated thread of its own, passes epochs to the trial's experiment
/// grain, reports the outcome to it and only then frees the slot. Grains are stubs here and report retries wait on a
/// fake clock.
/// </summary>
public sealed class SlotWorkerTests : IDisposable
{
    private const string SlotKey = "silo/0";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TestClock _clock = new();
    private readonly ConcurrentQueue<(string Trial, int Attempt, TrialRunResult Result)> _finished = new();
    private readonly ConcurrentQueue<(string Trial, int Attempt, EpochProgress Progress)> _epochs = new();
    private readonly ConcurrentQueue<(string Slot, string Trial)> _released = new();
    private readonly StubGrainFactory _grains = StubGrainFactory.Create();
    private readonly List<SlotWorker> _workers = [];

    /// <summary>What the experiment grains answer to an epoch.</summary>
    private RungDecision _decision = RungDecision.Continue;

    /// <summary>OnTrainingFinished calls that fail before the reports get through.</summary>
    private int _failingReports;

    public SlotWorkerTests()
    {
        var experiments = new ConcurrentDictionary<string, IExperimentGrain>();
        _grains.Add(GrainStub.Create<ISlotSchedulerGrain>(new()
        {
            ["Release"] = args =>
            {
                _released.Enqueue(((string)args[0]!, (string)args[1]!));
                return Task.CompletedTask;
            },
        }), "0");
        foreach (var trial in new[] { Trial(0), Trial(1), Trial(2) })
        {
            _grains.Add(GrainStub.Create<IExperimentGrain>(new()
            {
                ["OnEpoch"] = args =>
                {
                    _epochs.Enqueue((trial, (int)args[0]!, (EpochProgress)args[1]!));
                    return Task.FromResult(_decision);
                },
                ["OnTrainingFinished"] = args =>
                {
                    if (Interlocked.Decrement(ref _failingReports) >= 0)
                        return Task.FromException(new TimeoutException("the experiment grain did not answer"));
                    _finished.Enqueue((trial, (int)args[0]!, (TrialRunResult)args[1]!));
                    return Task.CompletedTask;
                },
            }), trial);
        }
    }

    private SlotWorker Worker(ITrialExecutor executor)
    {
        var worker = new SlotWorker(0, executor, _grains.Factory, _clock, NullLogger.Instance);
        _workers.Add(worker);
        return worker;
    }

    private static TrainerJob Job(int index, int attempt = 1) =>
        new(Spec(index), attempt, TestData.NewScratchFolder("slot-"));

    private static string Trial(int index) => new TrialId("s", index).ToString();

    private static TrialSpec Spec(int index) => new("s", Trial(index), index, "cifar10", "small-cnn", "erm", 0, 3,
        [], "c", [], "test_accuracy", "cpu", 0, EvaluationSpec.Clean);

    private static TrialRunResult Completed(int epochs) =>
        new(RunOutcome.Completed, epochs, "checkpoint", "id", null, []);

    /// <summary>The <paramref name="count"/>th report of an outcome, once it has arrived.</summary>
    private async Task<(string Trial, int Attempt, TrialRunResult Result)> Finished(int count)
    {
        var all = await Eventually.Until(() => Task.FromResult(_finished.ToArray()), f => f.Length >= count, Patience,
            $"{count} reports");
        return all[count - 1];
    }

    private Task Released(int count) =>
        Eventually.Until(() => _released.Count >= count, Patience, $"{count} slot releases");

    /// <summary>An executor whose runs wait until the test lets them go (or their job is cancelled).</summary>
    private sealed class GatedExecutor(Func<TrainerJob, ITrialProgress, CancellationToken, TrialRunResult>? body = null)
        : ITrialExecutor
    {
        public ConcurrentQueue<Thread> Threads { get; } = new();

        public SemaphoreSlim Started { get; } = new(0);

        public ManualResetEventSlim Go { get; } = new(false);

        public TrialRunResult Run(TrainerJob job, ITrialProgress progress, CancellationToken cancellationToken)
        {
            Threads.Enqueue(Thread.CurrentThread);
            Started.Release();
            if (body is not null) return body(job, progress, cancellationToken);
            Go.Wait(cancellationToken);
            return Completed(job.Spec.Epochs);
        }
    }

    [Fact]
    public async Task RunsEveryJobOnOneDedicatedThreadThatIsNeitherTheCallersNorAPoolThread()
    {
        var executor = new GatedExecutor();
        executor.Go.Set();
        var worker = Worker(executor);
        Assert.True(worker.TryStart(Job(0), SlotKey));
        await Released(1);
        Assert.True(worker.TryStart(Job(1), SlotKey));
        await Released(2);

        var threads = executor.Threads.Distinct().ToList();
        var thread = Assert.Single(threads);
        Assert.NotSame(Thread.CurrentThread, thread);
        Assert.False(thread.IsThreadPoolThread, "a training ran on a thread-pool thread");
        Assert.True(thread.IsBackground, "a slot thread would keep the process alive");
        Assert.Equal(RunOutcome.Completed, (await Finished(2)).Result.Outcome);
    }

    [Fact]
    public async Task ReportsTheOutcomeBeforeItFreesTheSlotAndABusySlotRefusesAnotherTrial()
    {
        var executor = new GatedExecutor();
        var worker = Worker(executor);
        Assert.True(worker.TryStart(Job(0), SlotKey));
        Assert.True(await executor.Started.WaitAsync(Patience));
        Assert.Equal(Trial(0), worker.CurrentTrial);
        Assert.True(worker.TryStart(Job(0), SlotKey), "the same attempt again is not a conflict");
        Assert.False(worker.TryStart(Job(1), SlotKey), "a busy slot accepted a second trial");

        executor.Go.Set();
        await Released(1);
        var (trial, attempt, result) = Assert.Single(_finished);
        Assert.Equal((Trial(0), 1, RunOutcome.Completed, 3), (trial, attempt, result.Outcome, result.EpochsCompleted));
        Assert.Equal((SlotKey, Trial(0)), Assert.Single(_released));
        Assert.Null(worker.CurrentTrial);
        Assert.True(worker.TryStart(Job(1), SlotKey));
    }

    [Fact]
    public async Task PassesEpochsToTheExperimentAndAStopDecisionEndsTheRunAsStoppedEarly()
    {
        _decision = RungDecision.Stop;
        var executor = new GatedExecutor((job, progress, ct) =>
        {
            progress.OnEpoch(new EpochProgress(1, job.Spec.Epochs, 0.9, 0.5, 0.4, 100, 1));
            // A trainer checks its token between batches; this one waits on it, and the run ends only when stopped.
            ct.WaitHandle.WaitOne(Patience);
            return new TrialRunResult(RunOutcome.Cancelled, 1, null, null, "cancelled", []);
        });
        var worker = Worker(executor);
        Assert.True(worker.TryStart(Job(0, attempt: 2), SlotKey));

        var (_, _, result) = await Finished(1);
        var (trial, attempt, progress) = Assert.Single(_epochs);
        Assert.Equal((Trial(0), 2, 1, 0.4), (trial, attempt, progress.Epoch, progress.TestAccuracy));
        Assert.Equal(RunOutcome.StoppedEarly, result.Outcome);
    }

    [Fact]
    public async Task CancelStopsOnlyTheNamedTrialAndReportsItCancelled()
    {
        var executor = new GatedExecutor();
        var worker = Worker(executor);
        Assert.True(worker.TryStart(Job(0), SlotKey));
        Assert.True(await executor.Started.WaitAsync(Patience));

        worker.Cancel(Trial(1));
        Assert.Equal(Trial(0), worker.CurrentTrial);
        worker.Cancel(Trial(0));

        var (trial, _, result) = await Finished(1);
        Assert.Equal((Trial(0), RunOutcome.Cancelled), (trial, result.Outcome));
        await Released(1);
    }

    [Fact]
    public async Task AJobThatThrowsIsReportedFailedAndTheWorkerRunsTheNextJob()
    {
        var runs = 0;
        var executor = new GatedExecutor((job, _, _) => Interlocked.Increment(ref runs) == 1
            ? throw new InvalidOperationException("out of memory")
            : Completed(job.Spec.Epochs));
        var worker = Worker(executor);
        Assert.True(worker.TryStart(Job(0), SlotKey));
        var (trial, _, failed) = await Finished(1);
        Assert.Equal((Trial(0), RunOutcome.Failed), (trial, failed.Outcome));
        Assert.Contains("out of memory", failed.Message);
        await Released(1);

        Assert.True(worker.TryStart(Job(1), SlotKey));
        var (next, _, completed) = await Finished(2);
        Assert.Equal((Trial(1), RunOutcome.Completed), (next, completed.Outcome));
        Assert.Single(executor.Threads.Distinct());
    }

    [Fact]
    public async Task AFailedReportIsRetriedAfterAPauseOnTheClockAndTheSlotStaysBusyUntilItGetsThrough()
    {
        _failingReports = 2;
        var executor = new GatedExecutor();
        executor.Go.Set();
        var worker = Worker(executor);
        Assert.True(worker.TryStart(Job(0), SlotKey));

        // First retry after one pause, the second after two.
        await _clock.WaitForTimers(1);
        _clock.Advance(SlotWorker.RetryPause - TimeSpan.FromTicks(1));
        Assert.Empty(_finished);
        Assert.False(worker.TryStart(Job(1), SlotKey), "the slot was freed before the outcome was reported");
        _clock.Advance(TimeSpan.FromTicks(1));
        await _clock.WaitForTimers(2);
        _clock.Advance(2 * SlotWorker.RetryPause - TimeSpan.FromTicks(1));
        Assert.Empty(_finished);
        _clock.Advance(TimeSpan.FromTicks(1));

        var (trial, _, result) = await Finished(1);
        Assert.Equal((Trial(0), RunOutcome.Completed), (trial, result.Outcome));
        await Released(1);
        Assert.True(worker.TryStart(Job(1), SlotKey));
    }

    [Fact]
    public async Task InterruptReportsTheRunningJobAsInterruptedAndRefusesNewOnes()
    {
        var executor = new GatedExecutor();
        var worker = Worker(executor);
        Assert.True(worker.TryStart(Job(0), SlotKey));
        Assert.True(await executor.Started.WaitAsync(Patience));

        await worker.InterruptAsync(CancellationToken.None).WaitAsync(Patience);
        // InterruptAsync returns once the report was delivered: no waiting for it here.
        var (trial, _, result) = Assert.Single(_finished);
        Assert.Equal((Trial(0), RunOutcome.Interrupted), (trial, result.Outcome));
        Assert.False(worker.TryStart(Job(1), SlotKey), "a shutting-down slot accepted a job");
    }

    [Fact]
    public async Task DisposeCancelsTheRunningJobRefusesNewOnesAndEndsTheThread()
    {
        var executor = new GatedExecutor();
        var worker = Worker(executor);
        Assert.True(worker.TryStart(Job(0), SlotKey));
        Assert.True(await executor.Started.WaitAsync(Patience));
        var thread = Assert.Single(executor.Threads);

        worker.Dispose();
        Assert.False(worker.TryStart(Job(1), SlotKey), "a disposed slot accepted a job");
        var (_, _, result) = await Finished(1);
        Assert.Equal(RunOutcome.Interrupted, result.Outcome);
        Assert.True(thread.Join(Patience), "the slot thread still runs after Dispose");
    }

    public void Dispose()
    {
        foreach (var worker in _workers) worker.Dispose();
    }
}
