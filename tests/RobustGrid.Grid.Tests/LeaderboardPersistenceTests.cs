using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Grains;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Hosting;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// The leaderboard grain on the embedded file store: entries persisted in segments survive a restart, replacements
/// stay single, and the page cache that writes only partly invalidate always answers what a fresh ranking gives.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LeaderboardPersistenceTests
{
    private static readonly string[] Methods = ["erm", "augmix", "ipmix"];

    private static GridSiloOptions Silo => new() { TrainerSlots = 0, DriveSweeps = false };

    private static LeaderboardEntry Entry(int trial, int config, double value, string sweep = "s1") =>
        new($"{sweep}/{trial:D5}", sweep, "fashion-mnist", "clean", trial % 2 == 0 ? "small-cnn" : "resnet18",
            Methods[config % Methods.Length],
            $"cfg{config}", trial % 3, new() { ["learning_rate"] = $"0.{config}" }, $"/ckpt/{trial}",
            new()
            {
                [MetricNames.CleanError] = value,
                [MetricNames.CleanAccuracy] = 1 - value,
                [MetricNames.Ece] = (trial * 37 % 100) / 1000.0,
            },
            DateTimeOffset.UnixEpoch.AddSeconds(trial));

    private static readonly LeaderboardQuery[] Queries =
    [
        new(MetricNames.CleanError, 5),
        new(MetricNames.CleanError, 5, GroupSeeds: false),
        new(MetricNames.CleanAccuracy, 3, Method: "augmix"),
        new(MetricNames.Ece, 4, Model: "resnet18", GroupSeeds: false),
        new(MetricNames.CleanError, 100, SweepId: "s2"),
        // A baseline usually ranked below a two-row page: its entries must still refresh the page's comparisons.
        new(MetricNames.CleanError, 2, Baseline: "ipmix"),
    ];

    [Fact]
    public async Task CachedPagesAlwaysEqualAFreshRankingWhileEntriesStreamIn()
    {
        var home = TestData.NewScratchFolder();
        try
        {
            await using var grid = await EmbeddedGrids.StartAsync(EmbeddedGrids.Host(home), Silo, _ => { });
            var board = grid.Client.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For("fashion-mnist", "clean"));
            var rng = new Random(7);
            var all = new Dictionary<string, LeaderboardEntry>();
            for (var i = 0; i < 300; i++)
            {
                // Mostly new trials, some replacements of earlier ones (a re-evaluated trial), in two sweeps.
                var trial = i > 20 && rng.NextDouble() < 0.15 ? rng.Next(i) : i;
                var entry = Entry(trial, trial / 3 % 40, Math.Round(rng.NextDouble(), 2), trial % 5 == 0 ? "s2" : "s1");
                all[entry.TrialId] = entry;
                await board.Record(entry);
                foreach (var query in Queries)
                {
                    var page = await board.Query(query);
                    var expected = LeaderboardRanking.Rank(all.Values, query);
                    Assert.Equal(all.Count, page.Entries);
                    Assert.Equal(expected.Select(r => (r.ConfigKey, string.Join(",", r.TrialIds), r.Mean)),
                        page.Rows.Select(r => (r.ConfigKey, string.Join(",", r.TrialIds), r.Mean)));
                    Assert.Equal(expected.Select(r => (r.VersusBest, r.VersusBaseline)),
                        page.Rows.Select(r => (r.VersusBest, r.VersusBaseline)));
                }
            }
        }
        finally
        {
            TryDelete(home);
        }
    }

    [Fact]
    public async Task SegmentedEntriesSurviveARestart()
    {
        var home = TestData.NewScratchFolder();
        const int entries = LeaderboardGrain.SegmentSize * 3 + 5; // several full segments and an open one
        try
        {
            LeaderboardPage before;
            await using (var grid = await EmbeddedGrids.StartAsync(EmbeddedGrids.Host(home), Silo, _ => { }))
            {
                var board = grid.Client.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For("fashion-mnist", "clean"));
                await Task.WhenAll(
                    Enumerable.Range(0, entries).Select(i => board.Record(Entry(i, i / 3, i / (double)entries))));
                await board.Record(Entry(7, 7 / 3, 0.999)); // a replacement stays one entry
                before = await board.Query(new LeaderboardQuery(MetricNames.CleanError, entries, GroupSeeds: false));
            }
            var segmentFiles =
                Directory.GetFiles(Path.Combine(home, "state"), "*leaderboard-entries*", SearchOption.AllDirectories);
            Assert.Equal(4, segmentFiles.Length);

            await using var again = await EmbeddedGrids.StartAsync(EmbeddedGrids.Host(home), Silo, _ => { });
            var reloaded = again.Client.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For("fashion-mnist", "clean"));
            Assert.Equal(entries, await reloaded.Count());
            var after = await reloaded.Query(new LeaderboardQuery(MetricNames.CleanError, entries, GroupSeeds: false));
            Assert.Equal(before.Rows.Select(r => (r.TrialIds[0], r.Mean)),
                after.Rows.Select(r => (r.TrialIds[0], r.Mean)));
            Assert.Equal(0.999, after.Rows.Single(r => r.TrialIds[0] == "s1/00007").Mean);
        }
        finally
        {
            TryDelete(home);
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
