using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Grains.Storage;
using RobustGrid.Grid.Hosting;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests.Conformance;

/// <summary>One redis-server for the whole Redis conformance class (starting one takes a while).</summary>
public sealed class RedisStorageFixture : IAsyncLifetime
{
    private RedisServer? _server;

    public string Address => _server?.Address ?? throw new InvalidOperationException("not started");

    /// <summary>Every silo of the class shares it: Redis state keys start with the service id.</summary>
    public string ServiceId { get; } = "conformance-" + Guid.NewGuid().ToString("N")[..8];

    public string Checkpoints { get; } = TestData.NewScratchFolder("redis-conformance-");

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        Directory.Delete(Checkpoints, recursive: true);
    }
}

/// <summary>
/// The grid's Redis-mode storage (Microsoft.Orleans.Persistence.Redis with Orleans' default grain-state serializer)
/// against the conformance suite. Each provider is the one a silo started by AddRobustGrid in Redis mode resolves, so
/// its options, serializer and lifecycle start (which opens the Redis connection) are the production ones; a "new
/// provider instance" is another such silo on the same Redis.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RedisGrainStorageConformanceTests(RedisStorageFixture redis) : GrainStorageConformanceTests,
    IClassFixture<RedisStorageFixture>
{
    private readonly List<IHost> _silos = [];

    protected override async Task<IGrainStorage> OpenProviderAsync()
    {
        var silo = await LoopbackPorts.Retry(async () =>
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            using var ports = LoopbackPorts.Reserve(2);
            var host = new GridHostOptions
            {
                Mode = GridClusterMode.Redis,
                Redis = redis.Address,
                ServiceId = redis.ServiceId,
                ClusterId = redis.ServiceId,
                SiloPort = ports.Ports[0],
                GatewayPort = ports.Ports[1],
                CheckpointRoot = redis.Checkpoints,
            };
            builder.UseOrleans(
                silo => silo.AddRobustGrid(host, new GridSiloOptions { TrainerSlots = 0, DriveSweeps = false }));
            return await builder.Build().StartOrDisposeAsync();
        });
        _silos.Add(silo);
        return silo.Services.GetRequiredKeyedService<IGrainStorage>(GridStorageNames.Grid);
    }

    public override async Task DisposeAsync()
    {
        foreach (var silo in Enumerable.Reverse(_silos))
        {
            await silo.StopAsync();
            silo.Dispose();
        }
    }
}
