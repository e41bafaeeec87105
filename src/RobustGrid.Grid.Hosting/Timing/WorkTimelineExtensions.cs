using Microsoft.Extensions.DependencyInjection;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Grains.Options;

namespace RobustGrid.Grid.Hosting.Timing;

public static class WorkTimelineExtensions
{
    /// <summary>A <see cref="WorkTimeline"/> fed by wrappers around the executors registered so far (call after
    /// them).</summary>
    public static IServiceCollection AddWorkTimeline(this IServiceCollection services)
    {
        services.AddSingleton<WorkTimeline>();
        ServiceDecoration.Decorate<ITrialExecutor>(services, (sp, inner) =>
            new TimedTrialExecutor(inner, sp.GetRequiredService<WorkTimeline>(), GridClock.Of(sp)));
        ServiceDecoration.Decorate<ICheckpointEvaluator>(services, (sp, inner) =>
            new TimedCheckpointEvaluator(inner, sp.GetRequiredService<WorkTimeline>(), GridClock.Of(sp)));
        return services;
    }
}
