using System.Collections.Concurrent;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Grains.Grains;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// The timeouts that recover lost trials, on a fake grid clock: a sweep asks its open trials to check themselves every
/// TrialWatchdog, and a training trial whose trainer no longer runs it counts as lost only once its slot was granted
/// longer than the slot grace ago. Each is moved to just short of its timeout (nothing happens) and then past it.
/// </summary>
public sealed class TrialWatchdogTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private const string Spec = """
        name: watchdog
        dataset: cifar10
        parameters:
          learning_rate: {values: [0.1, 0.2, 0.3]}
          epochs: {value: 1}
        seeds: [0]
        parallel_trials: 3
        """;

    [Fact]
    public async Task ASweepChecksItsOpenTrialsOnlyOnceTheTrialWatchdogIntervalHasPassed()
    {
        var clock = new TestClock();
        var executor = new HeldExecutor();
        // Experiment grain starts: the sweep's launch of a trial, and each watchdog check of it after that.
        var starts = new ConcurrentQueue<(string Trial, DateTimeOffset At)>();
        var watchdog = TimeSpan.FromMinutes(5);
        await using var grid = await GridCluster.StartAsync(1, _ => executor, clock: clock,
            settings: new GridSiloOptions
            {
                TrainerSlots = 3,
                SweepTick = TimeSpan.FromMilliseconds(50),
                TrialWatchdog = watchdog,
                SweepPoke = TimeSpan.FromDays(1),
            },
            configure: silo => silo.AddIncomingGrainCallFilter(async call =>
            {
                if (call.Grain is ExperimentGrain && call.MethodName == nameof(IExperimentGrain.Start))
                    starts.Enqueue((call.TargetId.Key.ToString()!, clock.GetUtcNow()));
                await call.Invoke();
            }));
        // The silo's sweep watchdog pokes sweeps, which makes them check their trials at once. Its first poke comes
        // before the sweep exists, and the next one long after this test.
        await clock.WaitForTimers(1);
        clock.Advance(SweepWatchdogService.FirstPoke);
        await clock.WaitForTimers(2);
        var registry = grid.Client.GetGrain<ISweepRegistryGrain>(0);
        var launch = await registry.Launch(Spec, "watchdog");
        Assert.True(launch.Ok, string.Join("\n", launch.Errors));
        var t0 = clock.GetUtcNow();
        await Eventually.Until(() => executor.Started.Length == 3, Patience, "every trial training");
        var trials = executor.Started.Order(StringComparer.Ordinal).ToArray();
        var open = trials[^1];
        int StartsOf(string trial) => starts.Count(s => s.Trial == trial);
        // The launch, and the check of the sweep's first tick.
        await Eventually.Until(() => trials.All(t => StartsOf(t) == 2), Patience, "the launches and the first checks");

        clock.Advance(watchdog - Tick);
        // A tick reports changed counts to the registry. Ticks do not overlap, so the tick that reports the second
        // finished trial began after the one that reported the first, which was after the clock moved: a whole tick
        // has run at this time.
        for (var finished = 1; finished <= 2; finished++)
        {
            executor.Release(trials[finished - 1]);
            await Eventually.Until(registry.List,
                all => all.Single().Counts.GetValueOrDefault(TrialState.Diverged) == finished, Patience,
                $"the registry told of {finished} finished trials");
        }
        Assert.Equal(2, StartsOf(open));

        clock.Advance(Tick);
        await Eventually.Until(() => StartsOf(open) == 3, Patience, "the check once the interval has passed");
        Assert.Equal(t0 + watchdog, starts.Last(s => s.Trial == open).At);
        Assert.Equal(2, StartsOf(trials[0])); // a trial that has finished is not checked
        executor.Release(open);
    }

    [Fact]
    public async Task ATrainingTrialWhoseTrainerLostItIsRetriedOnlyOnceTheSlotGraceHasPassed()
    {
        var clock = new TestClock();
        var executor = new HeldExecutor();
        var trainerAnswers = true;
        await using var grid = await GridCluster.StartAsync(1, _ => executor, clock: clock,
            configure: silo => silo.AddIncomingGrainCallFilter(async call =>
            {
                // A trainer that does not answer is what a dead silo looks like to the trial.
                var asksTrainer = call.Grain is TrainerGrain && call.MethodName == nameof(ITrainerGrain.CurrentTrial);
                if (asksTrainer && !Volatile.Read(ref trainerAnswers))
                    throw new TimeoutException("the trainer's silo does not answer");
                await call.Invoke();
            }));
        var spec = new TrialSpec("grace", new TrialId("grace", 0).ToString(), 0, "cifar10", "small-cnn", "erm", 0, 1,
            [], "c", [], "test_accuracy", "cpu", 3, EvaluationSpec.Clean);
        var experiment = grid.Client.GetGrain<IExperimentGrain>(spec.TrialId);
        await experiment.Start(spec);
        await Eventually.Until(() => executor.Started.Length == 1, Patience, "the trial training");
        Assert.Equal(TrialState.Training, (await experiment.GetStatus()).State);

        Volatile.Write(ref trainerAnswers, false);
        clock.Advance(ExperimentGrain.SlotGrace);
        var within = await experiment.Check();
        Assert.Equal((TrialState.Training, 1, 0), (within.State, within.Attempts, within.Failures));

        clock.Advance(Tick);
        var lost = await experiment.Check();
        Assert.Equal(1, lost.Failures);
        Assert.False(lost is { State: TrialState.Training, Attempts: 1 }, "the lost attempt still counts as training");
        Assert.Contains("lost", lost.Message);
        Volatile.Write(ref trainerAnswers, true);
        executor.Release(spec.TrialId);
    }
}
