using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Grains.Specs;
using RobustGrid.Grid.Grains.Storage;
using RobustGrid.Grid.Hosting;
using StackExchange.Redis;

namespace RobustGrid.Bench.Grid;

/// <summary>
/// An in-process cluster whose only trial kind is the zero-cost benchmark trial, so the numbers measure scheduling
/// (grain calls, slot hand-off to worker threads, evaluation dedupe, leaderboard) and the chosen state storage. In
/// memory, state still goes through the file store's serializer, so every write costs its serialisation.
/// </summary>
internal static class BenchCluster
{
    public static async Task<InProcessTestCluster> StartAsync(int silos, int slotsPerSilo, BenchStorageChoice storage)
    {
        var root = Path.Combine(Path.GetTempPath(), "robustgrid-bench", Guid.NewGuid().ToString("N"));
        var builder = new InProcessTestClusterBuilder((short)silos);
        // Redis keys carry the service id: each cluster starts from an empty grid.
        builder.Options.ServiceId = "bench-" + Guid.NewGuid().ToString("N");
        builder.ConfigureSilo((options, silo) =>
        {
            var zeroCost = new ZeroCostBenchmarkExecutor();
            silo.Services.AddSingleton<ITrialExecutor>(zeroCost);
            silo.Services.AddSingleton<ICheckpointEvaluator>(zeroCost);
            AddStorage(silo, storage, Path.Combine(root, "state"));
            // The benchmark may ask for more trials than a grid allows by default.
            var limits = new SweepLimits { MaxTrialsPerSweep = 1_000_000 };
            silo.Services.AddSingleton(new SpecRules(limits, InputSandbox.None));
            silo.AddRobustGridGrains(new GridSiloOptions
            {
                TrainerSlots = slotsPerSilo,
                EvaluationWorkers = 2,
                SweepTick =
                    TimeSpan.FromMilliseconds(int.Parse(Environment.GetEnvironmentVariable("BENCH_TICK_MS") ?? "100")),
                TrialWatchdog = TimeSpan.FromSeconds(30),
            }, new SharedFileCheckpointStore(root));
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private static void AddStorage(ISiloBuilder silo, BenchStorageChoice storage, string stateRoot)
    {
        switch (storage.Kind)
        {
            case BenchStorage.File:
                silo.AddRobustGridFileStorage(stateRoot, fsync: true);
                break;
            case BenchStorage.Redis:
                silo.AddRedisGrainStorage(GridStorageNames.Grid,
                    o => o.ConfigurationOptions = ConfigurationOptions.Parse(storage.Redis!));
                break;
            default:
                silo.AddMemoryGrainStorage(GridStorageNames.Grid);
                silo.Services.AddOptions<MemoryGrainStorageOptions>(GridStorageNames.Grid)
                    .PostConfigure<IServiceProvider>(
                        (o, sp) => o.GrainStorageSerializer = GridSiloBuilderExtensions.GridStateSerializer(sp));
                break;
        }
    }
}
