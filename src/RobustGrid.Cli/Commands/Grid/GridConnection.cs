using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Orleans;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Grains.Specs;
using RobustGrid.Grid.Hosting;
using RobustGrid.Grid.Training;

namespace RobustGrid.Cli.Commands.Grid;

/// <summary>
/// How a grid command reaches the grid: --cluster (with --redis, or a localhost gateway) connects as a client;
/// otherwise the command opens the embedded store under ROBUSTGRID_HOME, or, when a 'robustgrid sweep run' or
/// 'robustgrid silo' already holds it, connects to that process's localhost gateway.
/// </summary>
internal sealed class GridConnection : IAsyncDisposable
{
    private readonly IAsyncDisposable _owner;

    private GridConnection(IClusterClient client, IAsyncDisposable owner, string description)
    {
        Client = client;
        _owner = owner;
        Description = description;
    }

    public IClusterClient Client { get; }

    public string Description { get; }

    public static Option<bool> ClusterOption() => new("--cluster") { Description = "Talk to a running cluster instead of the embedded grid." };

    public static Option<string?> RedisOption() => new("--redis")
    {
        Description = "Redis address of the cluster (host:port); default ROBUSTGRID__CLUSTER__REDIS. Without it --cluster uses the localhost gateway.",
    };

    public static Option<int?> GatewayOption() => new("--gateway-port")
    {
        Description = "Localhost gateway port (default ROBUSTGRID__CLUSTER__GATEWAYPORT, else 30000).",
    };

    /// <summary>The ROBUSTGRID__CLUSTER__* settings of the environment, read and checked as a silo reads them.</summary>
    private static GridHostOptions EnvironmentHostOptions() => EnvironmentConfiguration().Host;

    private static (GridHostOptions Host, GridSiloOptions Silo, SweepLimits Limits) EnvironmentConfiguration() =>
        GridConfiguration.Read(new ConfigurationBuilder().AddEnvironmentVariables().Build());

    /// <summary>What the embedded grid accepts in a spec: ROBUSTGRID__LIMITS__* limits, its input folders.</summary>
    public static SpecRules EmbeddedRules()
    {
        var (host, _, limits) = EnvironmentConfiguration();
        return new SpecRules(limits, new InputSandbox(host.InputFolders));
    }

    public static void AddTo(Command command, Option<bool> cluster, Option<string?> redis, Option<int?> gateway)
    {
        command.Options.Add(cluster);
        command.Options.Add(redis);
        command.Options.Add(gateway);
    }

    /// <summary>A client's cluster settings: the environment's, with --redis and --gateway-port when given.</summary>
    public static GridHostOptions HostOptions(string? redis, int? gatewayPort)
    {
        var host = EnvironmentHostOptions();
        host.Redis = string.IsNullOrWhiteSpace(redis) ? host.Redis : redis;
        host.Mode = string.IsNullOrWhiteSpace(host.Redis) ? GridClusterMode.Localhost : GridClusterMode.Redis;
        if (gatewayPort is { } port) host.GatewayPort = port;
        return host;
    }

    /// <summary>Opens a connection. readOnly: an embedded silo that never drives sweeps (reading cannot change results).</summary>
    public static async Task<GridConnection> OpenAsync(bool cluster, string? redis, int? gatewayPort, bool readOnly,
        GridSiloOptions? siloOptions = null, CancellationToken cancellationToken = default)
    {
        if (cluster || !string.IsNullOrWhiteSpace(redis))
        {
            var options = HostOptions(redis, gatewayPort);
            var client = await GridClient.ConnectAsync(options, cancellationToken);
            return new GridConnection(client.Client, client, options.Mode == GridClusterMode.Redis ? $"cluster via Redis {options.Redis}" : $"localhost gateway {options.GatewayPort}");
        }
        // The same variables as a silo's configuration choose the embedded silo's ports, so that two embedded grids
        // (two ROBUSTGRID_HOME folders) can run on one machine at once.
        var host = EnvironmentHostOptions();
        host.Mode = GridClusterMode.Embedded;
        if (gatewayPort is { } port) host.GatewayPort = port;
        var silo = siloOptions ?? new GridSiloOptions();
        if (readOnly)
        {
            silo.DriveSweeps = false;
            silo.TrainerSlots = 0;
        }
        try
        {
            var limits = EnvironmentConfiguration().Limits;
            var grid = await TorchGridHosts.StartEmbeddedAsync(host, silo, limits, cancellationToken);
            return new GridConnection(grid.Client, grid, $"embedded grid in {host.Home}");
        }
        catch (InvalidOperationException) when (readOnly)
        {
            // Another process owns the embedded store: ask it through its gateway instead.
            host.Mode = GridClusterMode.Localhost;
            var client = await GridClient.ConnectAsync(host, cancellationToken);
            return new GridConnection(client.Client, client, $"running embedded grid (gateway {host.GatewayPort})");
        }
    }

    public ValueTask DisposeAsync() => _owner.DisposeAsync();
}
