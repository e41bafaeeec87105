using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Telemetry;
using RobustGrid.Training.Runtime;

namespace RobustGrid.Grid.Training;

/// <summary>
/// Samples GPU memory and utilisation from NVML every few seconds; idle where there is no NVIDIA GPU, and stopped
/// where the host runs with telemetry off (no RobustGridMetrics registered). Says once at start what it samples, so
/// empty GPU panels can be told from a silo that samples nothing.
/// </summary>
public sealed class GpuTelemetrySampler(
    [FromKeyedServices(GridClock.Key)] TimeProvider clock,
    ILogger<GpuTelemetrySampler> logger,
    RobustGridMetrics? metrics = null) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (metrics is null) return;
        using var timer = new PeriodicTimer(Interval, clock);
        var first = true;
        do
        {
            var index = 0;
            for (; Nvml.Query(index) is { } gpu; index++)
                metrics.GpuSample($"cuda:{index}", gpu.MemoryUsedBytes,
                    gpu.UtilizationPercent < 0 ? -1 : gpu.UtilizationPercent / 100.0);
            if (first)
            {
                logger.LogInformation("GPU telemetry: sampling {Count} NVIDIA GPU(s) through NVML every {Seconds} s",
                    index, Interval.TotalSeconds);
                first = false;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}

public static class GpuTelemetryExtensions
{
    public static IServiceCollection AddGpuTelemetry(this IServiceCollection services) =>
        services.AddGridClock().AddHostedService<GpuTelemetrySampler>();
}
