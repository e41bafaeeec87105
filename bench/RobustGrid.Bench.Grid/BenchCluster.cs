using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Grains.Specs;
using RobustGrid.Grid.Grains.Storage;
using RobustGrid.Grid.Hosting;

namespace RobustGrid.Bench.Grid;

/// <summary>
/// An in-process cluster whose only trial kind is the zero-cost benchmark trial. Grain state is in memory, so the
/// numbers measure scheduling (grain calls, slot hand-off to worker threads, evaluation dedupe, leaderboard), not disk.
/// State goes through the same serializer as the embedded file store, so every write still costs its serialisation.
/// </summary>
internal static class BenchCluster
{
    public static async Task<InProcessTestCluster> StartAsync(int silos, int slotsPerSilo)
    {
        var root = Path.Combine(Path.GetTempPath(), "robustgrid-bench", Guid.NewGuid().ToString("N"));
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSilo((options, silo) =>
        {
            var zeroCost = new ZeroCostBenchmarkExecutor();
            silo.Services.AddSingleton<ITrialExecutor>(zeroCost);
            silo.Services.AddSingleton<ICheckpointEvaluator>(zeroCost);
            silo.AddMemoryGrainStorage(GridStorageNames.Grid);
            silo.Services.AddOptions<MemoryGrainStorageOptions>(GridStorageNames.Grid)
                .PostConfigure<IServiceProvider>(
                    (o, sp) => o.GrainStorageSerializer = GridSiloBuilderExtensions.GridStateSerializer(sp));
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
}
