using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Storage;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Grains.Placement;
using RobustGrid.Grid.Grains.Specs;
using RobustGrid.Grid.Grains.Storage;
using RobustGrid.Grid.Grains.Storage.Upgrade;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime.Hosting;

namespace RobustGrid.Grid.Hosting;

public static class GridSiloBuilderExtensions
{
    /// <summary>
    /// Clustering, grain state and reminders for the chosen mode, the spec rules (<paramref name="limits"/>, default
    /// the defaults, and the host's input folders), plus everything AddRobustGridGrains adds.
    /// </summary>
    public static ISiloBuilder AddRobustGrid(this ISiloBuilder silo, GridHostOptions host, GridSiloOptions options,
        SweepLimits? limits = null)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = host.ClusterId;
            o.ServiceId = host.ServiceId;
        });
        switch (host.Mode)
        {
            case GridClusterMode.Redis:
                // A missing or malformed address is reported here, not when a provider first connects.
                var redis = host.RedisConfiguration();
                silo.Services.AddSingleton(GridHome.Open(host.Home, $"Redis {RedisEndpoints(redis)}"));
                silo.UseRedisClustering(o => o.ConfigurationOptions = host.RedisConfiguration());
                silo.AddRedisGrainStorage(GridStorageNames.Grid,
                    o => o.ConfigurationOptions = host.RedisConfiguration());
                silo.UseRedisReminderService(o => o.ConfigurationOptions = host.RedisConfiguration());
                // The silo and gateway ports are not authenticated: they listen where other silos and clients are told
                // to connect, not on every interface, unless the operator says otherwise.
                if (string.IsNullOrWhiteSpace(host.AdvertisedAddress))
                    silo.ConfigureEndpoints(host.SiloPort, host.GatewayPort,
                        listenOnAnyHostAddress: host.ListenOnAllInterfaces);
                else
                    silo.ConfigureEndpoints(IPAddress.Parse(host.AdvertisedAddress), host.SiloPort, host.GatewayPort,
                        listenOnAnyHostAddress: host.ListenOnAllInterfaces);
                break;
            default:
                silo.Services.AddSingleton(GridHome.Open(host.Home, $"files in {Path.GetFullPath(host.StateRoot)}"));
                silo.UseLocalhostClustering(host.SiloPort, host.GatewayPort,
                    host.Mode == GridClusterMode.Localhost && host.SiloPort != host.PrimarySiloPort
                        ? new IPEndPoint(IPAddress.Loopback, host.PrimarySiloPort) : null,
                    host.ServiceId, host.ClusterId);
                silo.AddRobustGridFileStorage(host.StateRoot, host.FsyncState);
                silo.UseInMemoryReminderService();
                break;
        }
        silo.Services.AddSingleton(host.SpecRules(limits ?? new SweepLimits()));
        return silo.AddRobustGridGrains(options, new SharedFileCheckpointStore(host.EffectiveCheckpointRoot));
    }

    /// <summary>The servers of a Redis configuration string, without its password or other options.</summary>
    private static string RedisEndpoints(StackExchange.Redis.ConfigurationOptions configuration) =>
        string.Join(",", configuration.EndPoints
            .Select(e => e is DnsEndPoint dns ? $"{dns.Host}:{dns.Port}" : e.ToString()));

    /// <summary>
    /// Durable file-based grain state for the grid's storage provider; state that earlier builds wrote there is
    /// upgraded to the current layout as the silo starts (FileStateUpgrade).
    /// </summary>
    public static ISiloBuilder AddRobustGridFileStorage(this ISiloBuilder silo, string root, bool fsync = true)
    {
        silo.Services.AddGrainStorage(GridStorageNames.Grid,
            (sp, name) => new FileGrainStorage(name, root, GridStateSerializer(sp), fsync));
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new FileStateUpgradeOnStart(
            new FileStateUpgrade(root, GridStateSerializer(sp), sp.GetRequiredService<IGrainStorageSerializer>(),
                fsync),
            sp.GetRequiredService<ILogger<FileStateUpgradeOnStart>>()));
        return silo;
    }

    /// <summary>
    /// The serializer of the grid's file (and benchmark memory) state: Orleans' binary format, version tolerant like
    /// the JSON default through the [Id] of every state field, and several times cheaper to write.
    /// </summary>
    public static IGrainStorageSerializer GridStateSerializer(IServiceProvider services) =>
        new OrleansGrainStorageSerializer(services.GetRequiredService<Orleans.Serialization.Serializer>());

    /// <summary>
    /// Grid services without clustering or storage (tests bring their own): slot metadata, trainer placement, worker
    /// threads, checkpoint store, the grid's clock and the sweep watchdog. Executors, a clock and spec rules registered
    /// before this call win; the default rules take inputs from other trials only.
    /// </summary>
    public static ISiloBuilder AddRobustGridGrains(this ISiloBuilder silo, GridSiloOptions options,
        ICheckpointStore checkpoints)
    {
        silo.UseSiloMetadata(SiloMetadataKeys.For(options));
        silo.AddPlacementDirector<TrainerSlotPlacement, TrainerSlotPlacementDirector>();
        var services = silo.Services;
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        services.AddGridClock();
        services.TryAddSingleton(checkpoints);
        services.TryAddSingleton(GridHome.None);
        services.TryAddSingleton(SpecRules.Default);
        services.TryAddSingleton<ITrialExecutor, UnconfiguredExecutor>();
        services.TryAddSingleton<ICheckpointEvaluator, UnconfiguredExecutor>();
        services.AddSingleton<SlotWorkerPool>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SlotWorkerPool>());
        services.AddSingleton<EvaluationWorkerPool>();
        services.AddHostedService<SweepWatchdogService>();
        return silo;
    }
}
