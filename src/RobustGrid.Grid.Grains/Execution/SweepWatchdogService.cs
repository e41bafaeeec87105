using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RobustGrid.Grid.Grains.Options;

namespace RobustGrid.Grid.Grains.Execution;

/// <summary>
/// Runs on every silo: pokes unfinished sweeps right after start-up and then periodically. That resumes sweeps after
/// an embedded restart and reactivates a sweep grain whose silo died, on whichever silo is left.
/// </summary>
public sealed class SweepWatchdogService(IGrainFactory grains, IOptions<GridSiloOptions> options, ILogger<SweepWatchdogService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DriveSweeps) return;
        var delay = TimeSpan.FromMilliseconds(500);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, stoppingToken);
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
                // The silo may still be joining; try again soon.
                logger.LogDebug(e, "Sweep watchdog poke failed");
                delay = TimeSpan.FromSeconds(2);
            }
        }
    }
}
