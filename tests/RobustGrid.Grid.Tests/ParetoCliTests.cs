using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Hosting;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>`robustgrid leaderboard --pareto` over a board recorded in a real embedded home: the front's rows with
/// mean ± std, and a metric the board does not have refused with exit code 1 and the board's metrics.</summary>
[Trait("Category", "Integration")]
public sealed class ParetoCliTests
{
    [Fact]
    public async Task TheParetoViewPrintsTheFrontAndRefusesAnUnknownMetric()
    {
        var home = TestData.NewScratchFolder();
        try
        {
            await using (var grid = await EmbeddedGrids.StartAsync(EmbeddedGrids.Host(home),
                             new GridSiloOptions { TrainerSlots = 0, DriveSweeps = false }, _ => { }))
            {
                var board = grid.Client.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For("cifar10", "cifar10-c"));
                foreach (var entry in ParetoLeaderboardTests.Entries()) await board.Record(entry);
            }

            var (exitCode, output) = await CliProcess.RunAsync(home, TimeSpan.FromMinutes(2), "leaderboard",
                "--dataset", "cifar10", "--suite", "cifar10-c", "--pareto", "clean/error,corruption/mce");
            Assert.True(exitCode == 0, output);
            Assert.Contains("2 of 3 configurations with every metric are non-dominated", output);
            var rows = output.Split('\n').Where(l => l.StartsWith('│'))
                .Select(l => string.Join(" ",
                    l.Split('│', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
                .ToList();
            // mean ± std of clean error, then of mCE, seeds, the parameter that differs; c (dominated) is not listed.
            Assert.Equal(["clean/error ± std corruption/mce ± std seeds params",
                "0.1100 0.0141 0.3100 0.0141 2 learning_rate=a", "0.2000 0.0000 0.2100 0.0141 2 learning_rate=b"],
                rows);

            (exitCode, output) = await CliProcess.RunAsync(home, TimeSpan.FromMinutes(2), "leaderboard",
                "--dataset", "cifar10", "--suite", "cifar10-c", "--pareto", "clean/error,corruption/fog");
            Assert.Equal(1, exitCode);
            Assert.Contains("--pareto: 'corruption/fog' is not a metric", output);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
