using Microsoft.Extensions.DependencyInjection;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Hosting;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// <c>trial:&lt;sweep name&gt;/best</c> is resolved when the sweep that uses it is launched, and the stored sweep keeps
/// that trial id: after a restart it runs the same resolved spec, even though the spec text still says <c>/best</c>.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BestTrialReferenceTests
{
    private const string First = """
        name: first
        dataset: fashion-mnist
        parameters:
          learning_rate: {values: [0.1, 0.3]}
          epochs: {value: 1}
        """;

    private const string Second = """
        name: second
        dataset: fashion-mnist
        parameters:
          method: {value: advbn}
          advbn.checkpoint: {value: "trial:first/best"}
          learning_rate: {values: [0.1, 0.2]}
          epochs: {value: 1}
        parallel_trials: 1
        """;

    private static readonly GridSiloOptions Silo = new()
    {
        TrainerSlots = 1,
        SweepTick = TimeSpan.FromMilliseconds(100),
        TrialWatchdog = TimeSpan.FromSeconds(1),
    };

    private static void Executors(IServiceCollection services)
    {
        var executor = new SimulatedExecutor(10);
        services.AddSingleton<ITrialExecutor>(executor);
        services.AddSingleton<ICheckpointEvaluator>(executor);
    }

    [Fact]
    public async Task ABestReferenceIsResolvedAtLaunchAndKeptByTheStoredSweep()
    {
        var host = new GridHostOptions
        {
            Mode = GridClusterMode.Embedded,
            FsyncState = false,
            Home = Path.Combine(Path.GetTempPath(), "robustgrid-tests", Guid.NewGuid().ToString("N")),
            SiloPort = 26111 + Random.Shared.Next(1000),
            GatewayPort = 37000 + Random.Shared.Next(1000),
        };
        try
        {
            string best, second;
            await using (var grid = await EmbeddedGrid.StartAsync(host, Silo, Executors))
            {
                var registry = grid.Client.GetGrain<ISweepRegistryGrain>(0);
                best = (await RunToCompletion(grid, await registry.Launch(First, null))).BestTrialId!;
                Assert.Equal(1, TrialId.Parse(best).Index); // learning rate 0.3 scores best
                var launch = await registry.Launch(Second, null);
                second = launch.SweepId!;
                await RunToCompletion(grid, launch);
                await AssertResolved(grid, second, best);
            }
            await using var restarted = await EmbeddedGrid.StartAsync(host, Silo, Executors);
            await AssertResolved(restarted, second, best);
        }
        finally
        {
            Directory.Delete(host.Home, recursive: true);
        }
    }

    private static async Task AssertResolved(EmbeddedGrid grid, string sweepId, string best)
    {
        var sweep = grid.Client.GetGrain<ISweepGrain>(sweepId);
        var summary = await sweep.GetSummary();
        Assert.True(summary.State == SweepState.Completed, $"{summary.State}: {summary.Message}");
        var trials = await sweep.GetTrials();
        Assert.Equal(2, trials.Length);
        Assert.All(trials, t => Assert.Equal("trial:" + best, t.Parameters["advbn.checkpoint"]));
    }

    private static async Task<SweepSummary> RunToCompletion(EmbeddedGrid grid, LaunchResult launch)
    {
        Assert.True(launch.Ok, string.Join("\n", launch.Errors));
        var sweep = grid.Client.GetGrain<ISweepGrain>(launch.SweepId!);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        SweepSummary summary;
        while ((summary = await sweep.GetSummary()).State != SweepState.Completed && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.Equal(SweepState.Completed, summary.State);
        return summary;
    }
}
