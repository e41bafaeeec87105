using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RobustGrid.Grid.Grains.Options;

namespace RobustGrid.Grid.Grains.Execution;

/// <summary>
/// Runs on every silo: pokes unfinished sweeps right after start-up and then periodically. That resumes sweeps after
/// an embedded restart and reactivates a sweep grain whose silo died, on whichever silo is left.
/// </summary>
public sealed class SweepWatchdogService(
    IGrainFactory grains,
    IOptions<GridSiloOptions> options,
    [FromKeyedServices(GridClock.Key)] TimeProvider clock,
    ILogger<SweepWatchdogService> logger) : BackgroundService
{
    /// <summary>The first poke waits this long after start-up, so the silo has joined the cluster.</summary>
    internal static readonly TimeSpan FirstPoke = TimeSpan.FromMilliseconds(500);

    /// <summary>A failed poke (the silo may be joining) is tried again this soon, not a SweepPoke later.</summary>
    internal static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DriveSweeps) return;
        var delay = FirstPoke;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, clock, stoppingToken);
                var poked = await grains.GetGrain<ISweepRegistryGrain>(0).PokeUnfinished();
                if (poked > 0) logger.LogDebug("Poked {Count} unfinished sweeps", poked);
                delay = options.Value.SweepPoke;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogDebug(e, "Sweep watchdog poke failed");
                delay = RetryAfterFailure;
            }
        }
    }
}
