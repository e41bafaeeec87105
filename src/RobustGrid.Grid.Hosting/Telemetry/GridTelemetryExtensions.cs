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
        Decorate<ITrialExecutor>(services, (sp, inner) =>
        {
            var options = sp.GetRequiredService<IOptions<GridSiloOptions>>().Value;
            var metered = new MeteredTrialExecutor(inner, sp.GetRequiredService<RobustGridMetrics>(), GridClock.Of(sp),
                options.TrainerDevice, options.TrainerSlots);
            metered.RegisterSlots();
            return metered;
        });
        Decorate<ICheckpointEvaluator>(services, (sp, inner) =>
            new MeteredCheckpointEvaluator(inner, sp.GetRequiredService<RobustGridMetrics>(), GridClock.Of(sp)));
        return services;
    }

    /// <summary>Replaces the last singleton registration of <typeparamref name="T"/> with a wrapper around
    /// it.</summary>
    private static void Decorate<T>(IServiceCollection services, Func<IServiceProvider, T, T> wrap) where T : class
    {
        var index = -1;
        for (var i = services.Count - 1; i >= 0 && index < 0; i--)
            if (services[i].ServiceType == typeof(T)) index = i;
        if (index < 0) return;
        var original = services[index];
        services[index] = ServiceDescriptor.Singleton<T>(sp => wrap(sp, Resolve<T>(sp, original)));
    }

    private static T Resolve<T>(IServiceProvider sp, ServiceDescriptor descriptor) where T : class =>
        (T)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(sp)
            ?? ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!));
}
