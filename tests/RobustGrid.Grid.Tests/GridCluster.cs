using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Grains.Specs;
using RobustGrid.Grid.Hosting;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>A multi-silo in-process cluster with shared file state and checkpoints, like a cluster on a shared
/// filesystem.</summary>
public sealed class GridCluster : IAsyncDisposable
{
    public InProcessTestCluster Cluster { get; }

    public string Root { get; }

    private GridCluster(InProcessTestCluster cluster, string root)
    {
        Cluster = cluster;
        Root = root;
    }

    public IClusterClient Client => Cluster.Client;

    public static Task<GridCluster> StartAsync(int silos, Func<ITrialExecutor> executor, int slotsPerSilo = 1) =>
        StartAsync(silos, _ => executor(), slotsPerSilo);

    /// <param name="executor">Makes each silo's executor, given the checkpoint store all silos share.</param>
    /// <param name="clock">The grid's clock on every silo (a test's fake); the system clock when null.</param>
    /// <param name="settings">Settings of every silo; short sweep ticks and watchdog intervals when null.</param>
    /// <param name="configure">More silo configuration, such as a grain call filter.</param>
    /// <param name="dataRoots">Folders a spec's <c>folder:</c> dataset may name; none when null.</param>
    public static async Task<GridCluster> StartAsync(int silos, Func<ICheckpointStore, ITrialExecutor> executor,
        int slotsPerSilo = 1, TimeProvider? clock = null, GridSiloOptions? settings = null,
        Action<ISiloBuilder>? configure = null, IReadOnlyList<string>? dataRoots = null)
    {
        var root = TestData.NewScratchFolder();
        var checkpoints = new SharedFileCheckpointStore(Path.Combine(root, "checkpoints"));
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSilo((options, silo) =>
        {
            var exec = executor(checkpoints);
            silo.Services.AddSingleton(exec);
            if (exec is ICheckpointEvaluator evaluator) silo.Services.AddSingleton(evaluator);
            if (clock is not null) silo.Services.AddKeyedSingleton(GridClock.Key, clock);
            silo.AddRobustGridFileStorage(Path.Combine(root, "state"), fsync: false);
            // As every grid's, the checkpoint store is a folder sweep inputs may come from.
            silo.Services.AddSingleton(new SpecRules(new SweepLimits(), new InputSandbox([checkpoints.Root]))
            {
                Datasets = new DatasetSandbox(new InputSandbox(dataRoots ?? []), _ => false),
            });
            silo.AddRobustGridGrains(settings ?? new GridSiloOptions
            {
                TrainerSlots = slotsPerSilo,
                SweepTick = TimeSpan.FromMilliseconds(200),
                TrialWatchdog = TimeSpan.FromSeconds(1),
                SweepPoke = TimeSpan.FromSeconds(1),
            }, checkpoints);
            configure?.Invoke(silo);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new GridCluster(cluster, root);
    }

    public async Task<SweepSummary> WaitForSweep(string sweepId, TimeSpan timeout,
        Func<SweepSummary, bool>? until = null)
    {
        until ??= s => s.State.IsFinished() && s.Counts.Where(c => !c.Key.IsTerminal()).Sum(c => c.Value) == 0;
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            SweepSummary summary;
            try
            {
                summary = await Client.GetGrain<ISweepGrain>(sweepId).GetSummary();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
                continue;
            }
            if (until(summary)) return summary;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"sweep {sweepId} did not get there in {timeout}: {summary.State}, " +
                    string.Join(", ", summary.Counts.Select(c => $"{c.Key}={c.Value}")));
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
