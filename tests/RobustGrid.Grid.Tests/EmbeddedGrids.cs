using RobustGrid.Grid.Contracts;
using Microsoft.Extensions.DependencyInjection;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Hosting;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>Embedded grids (one in-process silo on a home folder) started on silo and gateway ports no other process
/// holds.</summary>
internal static class EmbeddedGrids
{
    /// <summary>The embedded grid's options for <paramref name="home"/>; without fsync, which only a power cut
    /// needs.</summary>
    public static GridHostOptions Host(string home) => new()
    {
        Mode = GridClusterMode.Embedded,
        Home = home,
        FsyncState = false,
    };

    /// <summary>
    /// Starts the grid on ports reserved until it has bound them, and again on new ones when another process bound one
    /// of them first. Each start has ports of its own, so a restart never waits for the previous silo's sockets.
    /// </summary>
    public static Task<EmbeddedGrid> StartAsync(GridHostOptions host, GridSiloOptions silo,
        Action<IServiceCollection> executors) =>
        LoopbackPorts.Retry(async () =>
        {
            using var ports = LoopbackPorts.Reserve(2);
            (host.SiloPort, host.GatewayPort) = (ports.Ports[0], ports.Ports[1]);
            return await EmbeddedGrid.StartAsync(host, silo, executors);
        });

    /// <summary>
    /// A silo for restart tests: short sweep ticks, and a watchdog and poke of a second, so a sweep whose silo died
    /// resumes within seconds of the restart.
    /// </summary>
    public static GridSiloOptions QuickSilo(int trainerSlots = 2, int sweepTickMilliseconds = 200) => new()
    {
        TrainerSlots = trainerSlots,
        SweepTick = TimeSpan.FromMilliseconds(sweepTickMilliseconds),
        TrialWatchdog = TimeSpan.FromSeconds(1),
        SweepPoke = TimeSpan.FromSeconds(1),
    };

    /// <summary>Registers one executor as both the grid's trainer and its evaluator.</summary>
    public static Action<IServiceCollection> Serving<T>(Func<T> executor)
        where T : class, ITrialExecutor, ICheckpointEvaluator => services =>
    {
        var instance = executor();
        services.AddSingleton<ITrialExecutor>(instance);
        services.AddSingleton<ICheckpointEvaluator>(instance);
    };

    /// <summary>The sweep's summary once it has completed, or the last one seen when <paramref name="timeout"/>
    /// passed first (the caller asserts on its state).</summary>
    public static async Task<SweepSummary> CompletedOrLast(ISweepGrain sweep, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var summary = await sweep.GetSummary();
            if (summary.State == SweepState.Completed || DateTime.UtcNow > deadline) return summary;
            await Task.Delay(100);
        }
    }
}
