using Microsoft.Extensions.DependencyInjection;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// A sweep that added seeds until its seed budget was spent, on the embedded grid: after a restart the stored sweep
/// still knows which configuration and seed each added trial ran and why it stopped, and `robustgrid sweep status`
/// says so.
/// </summary>
[Trait("Category", "Integration")]
public sealed class UntilSeparatedEmbeddedTests
{
    private static GridSiloOptions Silo => EmbeddedGrids.QuickSilo();

    // augmix − ipmix flips sign by seed: a tie until seeds.max.
    private static readonly Action<IServiceCollection> Executors = EmbeddedGrids.Serving(() =>
        new KnownResultsExecutor(UntilSeparatedSweepTests.Errors(0.02, -0.01, 0.02)));

    [Fact]
    public async Task StoppedReasonAndAddedSeedsSurviveARestart()
    {
        var home = TestData.NewScratchFolder();
        try
        {
            string sweepId;
            await using (var grid = await EmbeddedGrids.StartAsync(EmbeddedGrids.Host(home), Silo, Executors))
            {
                var launch = await grid.Client.GetGrain<ISweepRegistryGrain>(0)
                    .Launch(UntilSeparatedSweepTests.Spec("embedded", max: 3), "embedded");
                Assert.True(launch.Ok, string.Join("\n", launch.Errors));
                sweepId = launch.SweepId!;
                var summary = await Finished(grid.Client.GetGrain<ISweepGrain>(sweepId));
                Assert.Equal(8, summary.DefinedTrials);
            }

            await using (var again = await EmbeddedGrids.StartAsync(EmbeddedGrids.Host(home), Silo, Executors))
            {
                var sweep = again.Client.GetGrain<ISweepGrain>(sweepId);
                var summary = await sweep.GetSummary();
                Assert.Equal((SweepState.Completed, 8, 8), (summary.State, summary.DefinedTrials, summary.Launched));
                Assert.StartsWith("seed budget spent (seeds.max 3)", summary.Message);
                var trials = (await sweep.GetTrials()).OrderBy(t => t.Index).ToList();
                // Trials 6 and 7 are the added third seed of the two tied configurations, best first.
                Assert.Equal([("ipmix", 2L), ("augmix", 2L)],
                    trials.Skip(6).Select(t => (t.Parameters["method"], t.Seed)));
            }

            // Wide enough that the reason is one line.
            var wide = new Dictionary<string, string> { ["COLUMNS"] = "200" };
            var (exitCode, output) = await CliProcess.RunAsync(home, wide, TimeSpan.FromMinutes(2), "sweep",
                "status", sweepId);
            Assert.True(exitCode == 0, output);
            Assert.Contains("seed budget spent (seeds.max 3): method=augmix not distinguishable from method=ipmix",
                output);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private static Task<SweepSummary> Finished(ISweepGrain sweep) =>
        Eventually.Until(sweep.GetSummary,
            s => s.State.IsFinished() && s.Counts.Where(c => !c.Key.IsTerminal()).Sum(c => c.Value) == 0,
            TimeSpan.FromSeconds(60), "the sweep to finish");
}
