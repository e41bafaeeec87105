using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Telemetry;

namespace RobustGrid.Grid.Hosting.Telemetry;

public static class GridTelemetryExtensions
{
    /// <summary>
    /// RobustGrid and Orleans metrics for this silo: the exporter, the cluster poller, and metered wrappers around the
    /// executors registered so far (call after them).
    /// </summary>
    public static IServiceCollection AddGridTelemetry(this IServiceCollection services, string instanceId)
    {
        services.AddRobustGridTelemetry("robustgrid-silo", instanceId);
        services.AddHostedService<GridMetricsPoller>();
        ServiceDecoration.Decorate<ITrialExecutor>(services, (sp, inner) =>
        {
            var options = sp.GetRequiredService<IOptions<GridSiloOptions>>().Value;
            var metered = new MeteredTrialExecutor(inner, sp.GetRequiredService<RobustGridMetrics>(), GridClock.Of(sp),
                options.TrainerDevice, options.TrainerSlots);
            metered.RegisterSlots();
            return metered;
        });
        ServiceDecoration.Decorate<ICheckpointEvaluator>(services, (sp, inner) =>
            new MeteredCheckpointEvaluator(inner, sp.GetRequiredService<RobustGridMetrics>(), GridClock.Of(sp)));
        return services;
    }
}
