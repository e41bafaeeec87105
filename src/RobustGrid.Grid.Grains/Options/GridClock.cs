using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RobustGrid.Grid.Grains.Options;

/// <summary>
/// The clock of the grid's own timeouts, intervals and timestamps: slot refusal pauses, the trial and sweep watchdogs,
/// report retries and shutdown bounds. Grains and services take it as <c>[FromKeyedServices(GridClock.Key)]
/// TimeProvider</c>. It is keyed because Orleans resolves the unkeyed TimeProvider for its own timers and membership:
/// a test that replaces this one with a fake clock moves the grid's decisions without stopping the runtime.
/// </summary>
public static class GridClock
{
    public const string Key = "robustgrid-clock";

    /// <summary>Registers TimeProvider.System as the grid's clock unless one (a test's fake) is there.</summary>
    public static IServiceCollection AddGridClock(this IServiceCollection services)
    {
        services.TryAddKeyedSingleton(Key, TimeProvider.System);
        return services;
    }

    /// <summary>The grid's clock of <paramref name="services"/>; the system clock where none is registered.</summary>
    public static TimeProvider Of(IServiceProvider services) =>
        services.GetKeyedService<TimeProvider>(Key) ?? TimeProvider.System;
}
