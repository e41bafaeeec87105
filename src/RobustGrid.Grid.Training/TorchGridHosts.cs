using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Hosting;
using RobustGrid.Grid.Hosting.Timing;

namespace RobustGrid.Grid.Training;

/// <summary>
/// The grid hosts the product runs, with the TorchSharp trainer and evaluator. robustgrid-silo and 'robustgrid silo'
/// both build <see cref="BuildSilo"/>, so the standalone silo and the CLI's cannot drift apart.
/// </summary>
public static class TorchGridHosts
{
    /// <summary>
    /// A silo with the HTTP JSON API, /health, /metrics, GPU and native-memory telemetry. args: configuration overrides
    /// (--RobustGrid:Http:Url=...); httpUrl and overrideHost: what a command line sets over the configuration.
    /// </summary>
    public static WebApplication BuildSilo(string[] args, string? httpUrl = null,
        Action<GridHostOptions>? overrideHost = null) =>
        GridSiloHost.Build(args,
            services => services.AddTorchTrialExecution().AddGpuTelemetry().AddNativeMemoryTelemetry(), httpUrl,
            overrideHost);

    /// <summary>
    /// The CLI's embedded grid ('robustgrid sweep run' and the read commands): the same trainer and evaluator, without
    /// the HTTP API or telemetry, living as long as the command; its work timeline says where a sweep's time went.
    /// </summary>
    public static Task<EmbeddedGrid> StartEmbeddedAsync(GridHostOptions host, GridSiloOptions silo, SweepLimits limits,
        LogLevel logLevel, CancellationToken cancellationToken) =>
        EmbeddedGrid.StartAsync(host, silo, services => services.AddTorchTrialExecution().AddWorkTimeline(), logLevel,
            cancellationToken, limits);
}
