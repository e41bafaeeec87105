using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Hosting;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// `robustgrid leaderboard` over a board recorded in a real embedded home: the marks and intervals it prints are the
/// ones the values call for (hand-computed in <see cref="LeaderboardSignificanceTests"/>'s cases).
/// </summary>
[Trait("Category", "Integration")]
public sealed class LeaderboardMarksCliTests
{
    private static LeaderboardEntry Entry(string method, long seed, double error) =>
        new($"s/{method}-{seed}", "s", "fashion-mnist", "clean", "small-cnn", method, $"cfg-{method}", seed, [], "",
            new() { [MetricNames.CleanError] = error }, DateTimeOffset.UnixEpoch.AddSeconds(seed));

    [Fact]
    public async Task LeaderboardPrintsTiesSeparationsAndIntervals()
    {
        var home = TestData.NewScratchFolder();
        try
        {
            await using (var grid = await EmbeddedGrids.StartAsync(EmbeddedGrids.Host(home),
                             new GridSiloOptions { TrainerSlots = 0, DriveSweeps = false }, _ => { }))
            {
                var board = grid.Client.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For("fashion-mnist", "clean"));
                // Against ipmix: erm is 0.05 worse on every seed; augmix differs by +0.02, +0.03, +0.01 (a tie).
                foreach (var (seed, ipmix, augmix) in new[] { (0L, 0.28, 0.30), (1L, 0.29, 0.32), (2L, 0.30, 0.31) })
                {
                    await board.Record(Entry("ipmix", seed, ipmix));
                    await board.Record(Entry("augmix", seed, augmix));
                    await board.Record(Entry("erm", seed, ipmix + 0.05));
                }
            }

            var (exitCode, output) = await CliProcess.RunAsync(home, TimeSpan.FromMinutes(2),
                "leaderboard", "--dataset", "fashion-mnist", "--power", "0.01");
            Assert.True(exitCode == 0, output);
            var lines = output.Split('\n');
            Assert.Contains(lines, l => l.Contains("│ 2 │ augmix") && l.Contains("│ tie "));
            Assert.Contains(lines, l => l.Contains("│ 3 │ erm") && l.Contains("│ worse "));
            Assert.Contains("#2 augmix vs #1: +0.0200 [-0.0048, +0.0448]", output);
            Assert.Contains("#2: not distinguishable from #1 with 3 seeds", output);
            // std of augmix − ipmix is 0.01: ten seeds separate a true difference of 0.01.
            Assert.Contains("#2 vs #1: about 10 seeds separate a difference of 0.01", output);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
