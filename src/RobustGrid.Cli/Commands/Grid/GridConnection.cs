using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Grains.Specs;
using RobustGrid.Grid.Hosting;
using RobustGrid.Grid.Hosting.Timing;
using RobustGrid.Grid.Training;

namespace RobustGrid.Cli.Commands.Grid;

/// <summary>
/// How a grid command reaches the grid: --cluster (with --redis, or a localhost gateway) connects as a client;
/// otherwise the command opens the embedded store under ROBUSTGRID_HOME, or, when a 'robustgrid sweep run' already
/// holds it, connects to that process's localhost gateway. A client checks which grid answered (its
/// <see cref="GridIdentity"/>) and refuses another grid than the one asked for.
/// </summary>
internal sealed class GridConnection : IAsyncDisposable
{
    private readonly IAsyncDisposable _owner;

    private GridConnection(IClusterClient client, IAsyncDisposable owner, string description,
        WorkTimeline? timeline = null)
    {
        Client = client;
        _owner = owner;
        Description = description;
        Timeline = timeline;
    }

    public IClusterClient Client { get; }

    /// <summary>What the embedded silo's workers spent their time on; null for a grid in another process.</summary>
    public WorkTimeline? Timeline { get; }

    public string Description { get; }

    public static Option<bool> ClusterOption() => new("--cluster")
    {
        Description = "Talk to a running cluster instead of the embedded grid.",
    };

    public static Option<string?> RedisOption() => new("--redis")
    {
        Description = "Redis address of the cluster (host:port); default ROBUSTGRID__CLUSTER__REDIS. " +
            "Without it --cluster uses the localhost gateway.",
    };

    public static Option<int?> GatewayOption() => new("--gateway-port")
    {
        Description = "Localhost gateway port (default ROBUSTGRID__CLUSTER__GATEWAYPORT, else 30000).",
    };

    /// <summary>The ROBUSTGRID__CLUSTER__* settings of the environment, read and checked as a silo reads
    /// them.</summary>
    private static GridHostOptions EnvironmentHostOptions() => EnvironmentConfiguration().Host;

    private static (GridHostOptions Host, GridSiloOptions Silo, SweepLimits Limits) EnvironmentConfiguration() =>
        GridConfiguration.Read(new ConfigurationBuilder().AddEnvironmentVariables().Build());

    /// <summary>What the embedded grid accepts in a spec: ROBUSTGRID__LIMITS__* limits, its input folders and
    /// datasets.</summary>
    public static SpecRules EmbeddedRules()
    {
        var (host, _, limits) = EnvironmentConfiguration();
        return host.SpecRules(limits);
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

    /// <summary>
    /// Opens a connection. readOnly: an embedded silo that never drives sweeps (reading cannot change results).
    /// verbose: the embedded silo logs at debug level, with stack traces.
    /// </summary>
    public static async Task<GridConnection> OpenAsync(bool cluster, string? redis, int? gatewayPort, bool readOnly,
        GridSiloOptions? siloOptions = null, bool verbose = false, CancellationToken cancellationToken = default)
    {
        if (cluster || !string.IsNullOrWhiteSpace(redis))
        {
            var options = HostOptions(redis, gatewayPort);
            var where = options.Mode == GridClusterMode.Redis
                ? $"cluster via Redis {options.Redis}"
                : $"localhost gateway {options.GatewayPort}";
            var client = await GridClient.ConnectAsync(options, cancellationToken);
            var identity = await IdentifyOrDispose(client, where, identity => identity.ClusterId == options.ClusterId
                ? null
                : $"it belongs to cluster '{identity.ClusterId}', not '{options.ClusterId}' "
                + "(ROBUSTGRID__CLUSTER__CLUSTERID)");
            return Answered(new GridConnection(client.Client, client, $"{where}: {Describe(identity)}"));
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
            var logLevel = verbose ? LogLevel.Debug : LogLevel.Warning;
            var limits = EnvironmentConfiguration().Limits;
            var grid = await TorchGridHosts.StartEmbeddedAsync(host, silo, limits, logLevel, cancellationToken);
            return new GridConnection(grid.Client, grid, $"embedded grid in {host.Home}",
                grid.Services.GetService(typeof(WorkTimeline)) as WorkTimeline);
        }
        catch (InvalidOperationException) when (readOnly)
        {
            // Another process owns the embedded store: ask it through its gateway (the port it wrote in the home unless
            // one was given), and trust the answer only from the grid whose data is in this home.
            host.Mode = GridClusterMode.Localhost;
            host.GatewayPort = gatewayPort ?? EmbeddedGrid.GatewayPortOf(host.Home) ?? host.GatewayPort;
            var where = $"localhost gateway {host.GatewayPort}";
            var client = await GridClient.ConnectAsync(host, cancellationToken);
            var identity = await IdentifyOrDispose(client, where, identity => IsHome(identity, host.Home) ? null
                : $"it keeps its data in {identity.Home} ({identity.Store}), not in {Path.GetFullPath(host.Home)}. "
                + $"{host.Home} is held by another robustgrid process: give its gateway port with --gateway-port "
                + $"(while it runs, the port is in {Path.Combine(host.Home, EmbeddedGrid.GatewayFileName)})");
            return Answered(new GridConnection(client.Client, client,
                $"running embedded grid in {identity.Home} ({where})"));
        }
    }

    /// <summary>
    /// The identity of the grid the client reached; the client is disposed and the connection refused when
    /// <paramref name="mismatch"/> says why it is not the grid asked for (or when it cannot say which grid it is).
    /// </summary>
    private static async Task<GridIdentity> IdentifyOrDispose(GridClient client, string where,
        Func<GridIdentity, string?> mismatch)
    {
        string? refusal;
        GridIdentity? identity = null;
        try
        {
            identity = await client.Client.GetGrain<IGridIdentityGrain>(0).Get();
            refusal = mismatch(identity);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or InvalidOperationException)
        {
            refusal = $"it does not say which grid it is ({e.Message})";
        }
        if (refusal is null) return identity!;
        await client.DisposeAsync();
        throw new InvalidOperationException($"refusing the grid at {where}: {refusal}");
    }

    /// <summary>
    /// Whether the grid keeps its data in <paramref name="home"/>: the same home id, or the same path while the home
    /// has none yet.
    /// </summary>
    private static bool IsHome(GridIdentity identity, string home) => GridHome.ReadId(home) is { } id
        ? identity.HomeId == id
        : identity.Home == Path.GetFullPath(home);

    private static string Describe(GridIdentity identity) =>
        $"cluster {identity.ClusterId}, {identity.Store}" + (identity.Home.Length > 0 ? $", home {identity.Home}" : "");

    /// <summary>Says which grid answered, on stderr so that --json output stays a document.</summary>
    private static GridConnection Answered(GridConnection connection)
    {
        Console.Error.WriteLine($"answered by the {connection.Description}");
        return connection;
    }

    public ValueTask DisposeAsync() => _owner.DisposeAsync();
}
