using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Hosting;
using RobustGrid.Tests.Shared;
using StackExchange.Redis;

namespace RobustGrid.Grid.Tests;

/// <summary>Cluster mode on a real redis-server: two silos (Redis membership, state, reminders) and an external
/// client.</summary>
[Trait("Category", "Integration")]
public sealed class RedisClusterTests
{
    private const string Spec = """
        name: redis-sim
        dataset: cifar10
        parameters:
          learning_rate: {values: [0.1, 0.2, 0.3]}
          epochs: {value: 2}
        seeds: 2
        parallel_trials: 4
        """;

    /// <summary>A silo on silo and gateway ports reserved for it (started again on new ones if one was
    /// taken).</summary>
    private static Task<IHost> StartSilo(string redis, string checkpoints) => LoopbackPorts.Retry(async () =>
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        var executor = new SimulatedExecutor(100);
        builder.Services.AddSingleton<ITrialExecutor>(executor);
        builder.Services.AddSingleton<ICheckpointEvaluator>(executor);
        using var ports = LoopbackPorts.Reserve(2);
        var host = new GridHostOptions
        {
            Mode = GridClusterMode.Redis,
            Redis = redis,
            ClusterId = "test-" + redis.Replace(':', '-'),
            SiloPort = ports.Ports[0],
            GatewayPort = ports.Ports[1],
            CheckpointRoot = checkpoints,
        };
        builder.UseOrleans(silo => silo.AddRobustGrid(host, new GridSiloOptions
        {
            TrainerSlots = 2,
            SweepTick = TimeSpan.FromMilliseconds(200),
            TrialWatchdog = TimeSpan.FromSeconds(1),
            SweepPoke = TimeSpan.FromSeconds(1),
        }));
        return await builder.Build().StartOrDisposeAsync();
    });

    [Fact]
    public async Task SweepRunsOnRedisClusterAndResultsSurviveTheSilos()
    {
        await using var redis = await RedisServer.StartAsync();
        var checkpoints = TestData.NewScratchFolder();
        var clusterId = "test-" + redis.Address.Replace(':', '-');
        string sweepId;
        {
            using var a = await StartSilo(redis.Address, checkpoints);
            using var b = await StartSilo(redis.Address, checkpoints);
            await using var client = await GridClient.ConnectAsync(
                new GridHostOptions { Mode = GridClusterMode.Redis, Redis = redis.Address, ClusterId = clusterId });
            var launch = await client.Client.GetGrain<ISweepRegistryGrain>(0).Launch(Spec, "redis");
            Assert.True(launch.Ok, string.Join("\n", launch.Errors));
            sweepId = launch.SweepId!;
            var slots = await client.Client.GetGrain<ISlotSchedulerGrain>(0).GetStatus();
            Assert.Equal(4, slots.Slots.Length); // 2 silos x 2 slots, discovered from silo metadata
            var deadline = DateTime.UtcNow.AddSeconds(60);
            SweepSummary summary;
            do
            {
                await Task.Delay(200);
                summary = await client.Client.GetGrain<ISweepGrain>(sweepId).GetSummary();
            }
            while (summary.State != SweepState.Completed && DateTime.UtcNow < deadline);
            Assert.Equal(SweepState.Completed, summary.State);
            Assert.Equal(6, summary.Counts[TrialState.Completed]);
            await a.StopAsync();
            await b.StopAsync();
        }

        // Grain state lives in Redis (with AOF on): a brand-new silo answers from it.
        using (var mux = await ConnectionMultiplexer.ConnectAsync($"{redis.Address},allowAdmin=true"))
        {
            var aof = await mux.GetServer(redis.Address).ConfigGetAsync("appendonly");
            Assert.Equal("yes", aof.Single().Value);
        }
        using var c = await StartSilo(redis.Address, checkpoints);
        await using var client2 = await GridClient.ConnectAsync(
            new GridHostOptions { Mode = GridClusterMode.Redis, Redis = redis.Address, ClusterId = clusterId });
        var page = await client2.Client.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For("cifar10", "clean"))
            .Query(new LeaderboardQuery(Top: 10, SweepId: sweepId));
        Assert.Equal(3, page.Rows.Length);
        Assert.All(page.Rows, r => Assert.Equal(2, r.Seeds.Length));
        var sweeps = await client2.Client.GetGrain<ISweepRegistryGrain>(0).List();
        Assert.Contains(sweeps, s => s.SweepId == sweepId && s.State == SweepState.Completed);
        await c.StopAsync();
    }
}
