using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// The sweep watchdog pokes unfinished sweeps on the grid's clock: after a short start-up delay, then every SweepPoke,
/// and sooner again after a failed poke. Time is a fake clock here, so each interval is checked on both sides.
/// </summary>
public sealed class SweepWatchdogServiceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(7);

    private readonly TestClock _clock = new();
    private readonly ConcurrentQueue<DateTimeOffset> _pokes = new();
    private readonly ConcurrentQueue<bool> _failures = new();

    private SweepWatchdogService Service(bool driveSweeps = true)
    {
        var registry = GrainStub.Create<ISweepRegistryGrain>(new()
        {
            ["PokeUnfinished"] = _ =>
            {
                _pokes.Enqueue(_clock.GetUtcNow());
                return _failures.TryDequeue(out var fail) && fail
                    ? Task.FromException<int>(new InvalidOperationException("the registry is not reachable yet"))
                    : Task.FromResult(0);
            },
        });
        var grains = StubGrainFactory.Create().Add(registry, "0").Factory;
        var options = Options.Create(new GridSiloOptions { SweepPoke = Interval, DriveSweeps = driveSweeps });
        return new SweepWatchdogService(grains, options, _clock, NullLogger<SweepWatchdogService>.Instance);
    }

    private Task PokesReach(int count) => Eventually.Until(() => _pokes.Count >= count, Patience, $"{count} pokes");

    [Fact]
    public async Task PokesAfterTheStartUpDelayAndThenEverySweepPokeOfTheClock()
    {
        var start = _clock.GetUtcNow();
        using var service = Service();
        await service.StartAsync(CancellationToken.None);

        await _clock.WaitForTimers(1);
        _clock.Advance(SweepWatchdogService.FirstPoke - Tick);
        Assert.Empty(_pokes);
        _clock.Advance(Tick);
        await PokesReach(1);

        await _clock.WaitForTimers(2);
        _clock.Advance(Interval - Tick);
        Assert.Single(_pokes);
        _clock.Advance(Tick);
        await PokesReach(2);

        var first = start + SweepWatchdogService.FirstPoke;
        Assert.Equal([first, first + Interval], _pokes);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task AFailedPokeIsTriedAgainAfterTheShortRetryNotAWholeInterval()
    {
        Assert.True(SweepWatchdogService.RetryAfterFailure < Interval, "the test's interval must be the longer wait");
        _failures.Enqueue(true);
        using var service = Service();
        await service.StartAsync(CancellationToken.None);
        await _clock.WaitForTimers(1);
        _clock.Advance(SweepWatchdogService.FirstPoke);
        await PokesReach(1);

        await _clock.WaitForTimers(2);
        _clock.Advance(SweepWatchdogService.RetryAfterFailure - Tick);
        Assert.Single(_pokes);
        _clock.Advance(Tick);
        await PokesReach(2);

        // The retry succeeded, so the service is back to the configured interval.
        await _clock.WaitForTimers(3);
        _clock.Advance(SweepWatchdogService.RetryAfterFailure);
        Assert.Equal(2, _pokes.Count);
        _clock.Advance(Interval - SweepWatchdogService.RetryAfterFailure);
        await PokesReach(3);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task StopEndsTheWaitWithoutAnotherPoke()
    {
        using var service = Service();
        await service.StartAsync(CancellationToken.None);
        await _clock.WaitForTimers(1);
        await service.StopAsync(CancellationToken.None);
        Assert.NotNull(service.ExecuteTask);
        Assert.True(service.ExecuteTask.IsCompleted, "the service still runs after StopAsync returned");
        _clock.Advance(SweepWatchdogService.FirstPoke + Interval);
        Assert.Empty(_pokes);
    }

    [Fact]
    public async Task ASiloThatDoesNotDriveSweepsNeverPokes()
    {
        using var service = Service(driveSweeps: false);
        await service.StartAsync(CancellationToken.None);
        Assert.NotNull(service.ExecuteTask);
        await service.ExecuteTask.WaitAsync(Patience);
        _clock.Advance(SweepWatchdogService.FirstPoke + Interval);
        Assert.Empty(_pokes);
        Assert.Equal(0, _clock.TimersCreated);
    }
}
