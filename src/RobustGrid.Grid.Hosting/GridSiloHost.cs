using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Http;
using RobustGrid.Grid.Hosting.Api;
using RobustGrid.Grid.Hosting.Telemetry;
using RobustGrid.Telemetry;

namespace RobustGrid.Grid.Hosting;

/// <summary>
/// A silo process with the HTTP JSON API: used by silos/RobustGrid.Silo and 'robustgrid silo'. Configuration comes
/// from appsettings.json and ROBUSTGRID__* variables; the HTTP API binds to localhost unless RobustGrid:Http:Url says
/// otherwise.
/// </summary>
public static class GridSiloHost
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplication Build(string[] args, Action<IServiceCollection> addExecutors, string? httpUrl = null,
        Action<GridHostOptions>? overrideHost = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var (host, silo) = GridConfiguration.Read(builder.Configuration);
        // A standalone silo defaults to localhost clustering (other local silos may join); the CLI's embedded mode
        // is for a silo that lives and dies with one command.
        if (host.Mode == GridClusterMode.Embedded) host.Mode = GridClusterMode.Localhost;
        overrideHost?.Invoke(host);
        addExecutors(builder.Services);
        builder.UseOrleans(s => s.AddRobustGrid(host, silo));
        builder.Services.AddGridTelemetry(instanceId: $"{Environment.MachineName}:{host.SiloPort}");
        builder.WebHost.UseUrls(httpUrl ?? builder.Configuration["RobustGrid:Http:Url"] ?? DefaultUrl);
        var app = builder.Build();
        app.MapGet("/", () => "RobustGrid silo: see /api/sweeps, /api/leaderboards, /api/slots");
        app.MapRobustGridApi();
        app.MapRobustGridMetrics();
        app.MapGet("/health", () => Results.Text("ok"));
        return app;
    }
}
