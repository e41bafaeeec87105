using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RobustGrid.Grid.Hosting.Api;
using RobustGrid.Grid.Hosting.Telemetry;
using RobustGrid.Grid.Hosting.WebConsole;
using RobustGrid.Telemetry;

namespace RobustGrid.Grid.Hosting;

/// <summary>
/// A silo process with the HTTP JSON API; robustgrid-silo and 'robustgrid silo' get it, with the TorchSharp executors,
/// from RobustGrid.Grid.Training's TorchGridHosts.BuildSilo. Configuration comes from appsettings.json and
/// ROBUSTGRID__* variables; the HTTP API binds to localhost unless RobustGrid:Http:Url says otherwise, and anywhere
/// else only with API tokens (<see cref="ApiAccess"/>). RobustGrid:Telemetry:Enabled=false leaves out the exporter,
/// /metrics and the metered wrappers (used by bench/RobustGrid.Bench.Telemetry to measure what telemetry costs).
/// </summary>
public static class GridSiloHost
{
    public const string DefaultUrl = "http://127.0.0.1:5080";
    public const string HttpUrlKey = "RobustGrid:Http:Url";
    public const string TelemetryEnabledKey = "RobustGrid:Telemetry:Enabled";

    private static readonly Dictionary<string, string?> LogLevelDefaults = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Orleans"] = "Warning",
        ["Logging:LogLevel:Microsoft"] = "Warning",
    };

    public static WebApplication Build(string[] args, Action<IServiceCollection> addExecutors, string? httpUrl = null,
        Action<GridHostOptions>? overrideHost = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        // Lowest precedence: appsettings.json is read from the working folder only (and 'robustgrid silo' has none),
        // so without these the same silo would log Orleans' start-up chatter or not depending on where it started.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = LogLevelDefaults });
        var (host, silo, limits) = GridConfiguration.Read(builder.Configuration);
        // A standalone silo defaults to localhost clustering (other local silos may join); the CLI's embedded mode
        // is for a silo that lives and dies with one command.
        if (host.Mode == GridClusterMode.Embedded) host.Mode = GridClusterMode.Localhost;
        overrideHost?.Invoke(host);
        var urls = httpUrl ?? builder.Configuration[HttpUrlKey] ?? DefaultUrl;
        builder.Services.AddApiAccess(ApiTokens.Read(builder.Configuration),
            urls.Split(';', StringSplitOptions.RemoveEmptyEntries));
        builder.Services.AddApiErrors();
        builder.Services.AddOpenApi();
        addExecutors(builder.Services);
        builder.UseOrleans(s => s.AddRobustGrid(host, silo, limits));
        var telemetry = builder.Configuration.GetValue(TelemetryEnabledKey, defaultValue: true);
        if (telemetry) builder.Services.AddGridTelemetry(instanceId: $"{Environment.MachineName}:{host.SiloPort}");
        builder.WebHost.UseUrls(urls);
        var app = builder.Build();
        app.UseApiErrors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/", () => "RobustGrid silo: the console is at /console; the API at /api/sweeps, " +
                              "/api/leaderboards, /api/slots, described at /openapi/v1.json").ExcludeFromDescription();
        app.MapRobustGridApi();
        app.MapOpenApi();
        app.MapRobustGridConsole();
        if (telemetry)
        {
            var metrics = builder.Configuration.GetValue(ApiAccess.MetricsNeedTokenKey, defaultValue: false)
                ? app.MapGroup("").RequireAuthorization(ApiAccess.ReadPolicy)
                : (IEndpointRouteBuilder)app;
            metrics.MapRobustGridMetrics();
        }
        app.MapGet("/health", () => Results.Text("ok")).ExcludeFromDescription();
        return app;
    }
}
