using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RobustGrid.Telemetry;
using RobustGrid.Training.Runtime;

namespace RobustGrid.Grid.Training;

/// <summary>
/// Samples GPU memory and utilisation from NVML every few seconds; idle (and silent) where there is no NVIDIA GPU, and
/// stopped where the host runs with telemetry off (no RobustGridMetrics registered).
/// </summary>
public sealed class GpuTelemetrySampler(RobustGridMetrics? metrics = null) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (metrics is null) return;
        using var timer = new PeriodicTimer(Interval);
        do
        {
            for (var index = 0; Nvml.Query(index) is { } gpu; index++)
                metrics.GpuSample($"cuda:{index}", gpu.MemoryUsedBytes, gpu.UtilizationPercent < 0 ? -1 : gpu.UtilizationPercent / 100.0);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}

public static class GpuTelemetryExtensions
{
    public static IServiceCollection AddGpuTelemetry(this IServiceCollection services) =>
        services.AddHostedService<GpuTelemetrySampler>();
}
