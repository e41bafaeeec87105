using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Telemetry;
using RobustGrid.Training.Runtime;

namespace RobustGrid.Grid.Training;

/// <summary>
/// Samples the silo's resident memory and what its native allocator holds every few seconds, so that a dashboard shows
/// growth long before the kernel's OOM killer acts: allocated bytes that climb trial after trial are something kept
/// alive, retained bytes that climb are the allocator not reusing what was freed. Stopped where the host runs with
/// telemetry off (no RobustGridMetrics registered).
/// </summary>
public sealed class NativeMemorySampler(
    [FromKeyedServices(GridClock.Key)] TimeProvider clock,
    RobustGridMetrics? metrics = null) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (metrics is null) return;
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            var heap = NativeHeap.Read();
            metrics.NativeMemorySample(Environment.WorkingSet, heap?.Allocator, heap?.AllocatedBytes ?? 0,
                heap?.RetainedBytes ?? 0);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}

public static class NativeMemoryTelemetryExtensions
{
    public static IServiceCollection AddNativeMemoryTelemetry(this IServiceCollection services) =>
        services.AddGridClock().AddHostedService<NativeMemorySampler>();
}
