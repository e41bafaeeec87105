using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace RobustGrid.Telemetry;

/// <summary>One call per host: RobustGrid's and Orleans' meters exported for Prometheus at <c>/metrics</c>.</summary>
public static class TelemetryExtensions
{
    public static IServiceCollection AddRobustGridTelemetry(this IServiceCollection services, string serviceName,
        string instanceId)
    {
        services.AddSingleton<RobustGridMetrics>();
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName, serviceInstanceId: instanceId))
            .WithMetrics(metrics => metrics
                .AddMeter(RobustGridMetrics.MeterName, "Microsoft.Orleans", "System.Runtime")
                // Defaults (0 … 10,000) suit milliseconds, not epochs that last seconds and trials that last hours.
                .AddView("robustgrid.epoch.duration", new ExplicitBucketHistogramConfiguration
                {
                    Boundaries = [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800],
                })
                .AddView("robustgrid.trial.duration", new ExplicitBucketHistogramConfiguration
                {
                    Boundaries = [5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400, 43200],
                })
                .AddPrometheusExporter());
        return services;
    }

    public static IEndpointRouteBuilder MapRobustGridMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint();
        return endpoints;
    }
}
