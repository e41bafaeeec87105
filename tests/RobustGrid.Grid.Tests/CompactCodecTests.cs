using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Contracts.Serialization;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Grains.Storage;
using RobustGrid.Grid.Hosting;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// The compact codecs of leaderboard entries and rows: values survive the wire exactly, a malformed body is refused,
/// and a leaderboard stored by the build before them (Fixtures/leaderboard-rgs2-state: 40 entries in two segments,
/// written with the generated layout) is rewritten in the new layout when a silo starts on it, without losing an entry.
/// </summary>
public sealed class CompactCodecTests
{
    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(LeaderboardEntry).Assembly))
        .BuildServiceProvider().GetRequiredService<Serializer>();

    /// <summary>Entry i of the fixture, as the generator of the fixture wrote it.</summary>
    private static LeaderboardEntry FixtureEntry(int i) =>
        new($"s1/{i:D5}", "s1", "fashion-mnist", "clean", i % 2 == 0 ? "small-cnn" : "resnet18",
            i % 3 == 0 ? "erm" : "augmix", $"cfg{i / 2}", i % 2,
            new() { ["learning_rate"] = $"0.{i / 2}", ["method"] = i % 3 == 0 ? "erm" : "augmix" }, $"/ckpt/{i}",
            new()
            {
                [MetricNames.CleanError] = i / 100.0,
                [MetricNames.CleanAccuracy] = 1 - i / 100.0,
                [MetricNames.MeanCorruptionError] = 0.3 + i / 1000.0,
            },
            DateTimeOffset.UnixEpoch.AddSeconds(1_700_000_000 + i));

    private static string Describe(LeaderboardEntry e) =>
        string.Join("|", e.TrialId, e.SweepId, e.Dataset, e.Suite, e.Model, e.Method, e.ConfigKey, e.Seed,
            string.Join(",", e.Parameters.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}")), e.CheckpointPath,
            string.Join(",", e.Metrics.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value:R}")), e.RecordedAt.UtcTicks,
            e.RecordedAt.Offset);

    [Fact]
    public void EntriesAndPagesRoundTripExactly()
    {
        var entry = FixtureEntry(7) with
        {
            Seed = -3,
            RecordedAt = new DateTimeOffset(2026, 12, 1, 23, 5, 7, TimeSpan.FromHours(5.5)).AddTicks(1234),
            Metrics = new()
            {
                ["ünïcode-metric"] = double.NaN,
                [MetricNames.Ece] = 1e-300,
                ["neg"] = double.NegativeInfinity,
            },
        };
        var copy = Serializer.Deserialize<LeaderboardEntry>(Serializer.SerializeToArray(entry))!;
        Assert.Equal(Describe(entry), Describe(copy));

        var row = new LeaderboardRow(3, "wrn-40-2", "augmix", "cfg9", new() { ["lr"] = "0.1" }, [0, 1, long.MaxValue],
            ["a/1", "a/2", "a/3"], 0.125, 0.01, new() { [MetricNames.CleanError] = 0.125 }, ["/c/1", "", "/c/3"]);
        var versus =
            new SeedComparison(1, "ipmix", 3, 0.02, -0.004842, 0.044842, 0.01, ComparisonVerdict.NotDistinguishable);
        var single = new SeedComparison(2, "erm", 1, -0.5, null, null, null, ComparisonVerdict.TooFewSeeds);
        var page = new LeaderboardPage("cifar10", "cifar10-c", MetricNames.CleanError, true, 42,
            [row, row with { Rank = 4, VersusBest = versus, VersusBaseline = single }], ["clean_error"]);
        var back = Serializer.Deserialize<LeaderboardPage>(Serializer.SerializeToArray(page))!;
        Assert.Equal(2, back.Rows.Length);
        Assert.Equal(4, back.Rows[1].Rank);
        Assert.Equal((versus, single), (back.Rows[1].VersusBest, back.Rows[1].VersusBaseline));
        Assert.Equal(((SeedComparison?)null, (SeedComparison?)null),
            (back.Rows[0].VersusBest, back.Rows[0].VersusBaseline));
        var r = back.Rows[0];
        Assert.Equal((3, "wrn-40-2", "augmix", "cfg9", 0.125, 0.01),
            (r.Rank, r.Model, r.Method, r.ConfigKey, r.Mean, r.Std));
        Assert.Equal(row.Seeds, r.Seeds);
        Assert.Equal(row.TrialIds, r.TrialIds);
        Assert.Equal(row.Checkpoints, r.Checkpoints);
        Assert.Equal("0.1", r.Parameters["lr"]);
        Assert.Equal(0.125, r.MetricMeans[MetricNames.CleanError]);
    }

    [Fact]
    public void AMalformedBodyIsRefused()
    {
        var writer = new CompactWriter();
        writer.String("s1/00001");
        writer.Map(new Dictionary<string, double> { [MetricNames.CleanError] = 0.25 });
        var body = writer.Written.ToArray();
        Assert.Throws<FormatException>(() => ReadBack(body.AsSpan(0, body.Length - 1)));
        var hugeCount = body.ToArray();
        hugeCount[body.Length - 8 - 1 - MetricNames.CleanError.Length - 1] = 0x7F; // the map's count, now past the end
        Assert.Throws<FormatException>(() => ReadBack(hugeCount));
        Assert.Equal(("s1/00001", 0.25), ReadBack(body));

        static (string, double) ReadBack(ReadOnlySpan<byte> bytes)
        {
            var reader = new CompactReader(bytes);
            var id = reader.String();
            var metrics = reader.DoubleMap();
            return (id, metrics[MetricNames.CleanError]);
        }
    }

    [Trait("Category", "Integration")]
    [Fact]
    public async Task ALeaderboardStoredInTheGeneratedLayoutLoadsAndIsRewritten()
    {
        var host = StoredFixture.EmbeddedHomeWith("leaderboard-rgs2-state");
        var home = host.Home;
        var silo = new GridSiloOptions { TrainerSlots = 0, DriveSweeps = false };
        var query = new LeaderboardQuery(MetricNames.CleanError, 100, GroupSeeds: false);
        try
        {
            await using (var grid = await EmbeddedGrids.StartAsync(host, silo, _ => { }))
            {
                var board = grid.Client.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For("fashion-mnist", "clean"));
                var page = await board.Query(query);
                Assert.Equal(40, page.Entries);
                Assert.Equal(Enumerable.Range(0, 40).Select(i => $"s1/{i:D5}"), page.Rows.Select(r => r.TrialIds[0]));
                var fifth = page.Rows[5];
                Assert.Equal(("augmix", "resnet18", "cfg2", 1L, "/ckpt/5"),
                    (fifth.Method, fifth.Model, fifth.ConfigKey, fifth.Seeds[0], fifth.Checkpoints[0]));
                Assert.Equal(0.305, fifth.MetricMeans[MetricNames.MeanCorruptionError]);
                await board.Record(FixtureEntry(33) with { Metrics = new() { [MetricNames.CleanError] = 0.999 } });
            }
            // Both segments were rewritten in the compact layout when the silo started (FileStateUpgrade), before any
            // grain read them: the entries now read through LeaderboardEntryCodec alone.
            var fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "leaderboard-rgs2-state", "leaderboard");
            var stored = Path.Combine(home, "state", "leaderboard");
            const string segment = "fashion-mnist~clean.leaderboard-entries.{0:D5}.state";
            foreach (var i in new[] { 0, 1 })
                Assert.NotEqual(File.ReadAllBytes(Path.Combine(fixture, string.Format(segment, i))),
                    File.ReadAllBytes(Path.Combine(stored, string.Format(segment, i))));
            var grainTypes = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(StateSegment<>).Assembly))
                .BuildServiceProvider().GetRequiredService<Serializer>();
            var upgraded = grainTypes.Deserialize<StateSegment<LeaderboardEntry>>(
                StateFile.Read(Path.Combine(stored, string.Format(segment, 0))).Payload)!;
            Assert.Equal(Enumerable.Range(0, 32).Select(i => Describe(FixtureEntry(i))),
                upgraded.Items.Select(Describe));
            await using var again = await EmbeddedGrids.StartAsync(host, silo, _ => { });
            var reloaded = await again.Client.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For("fashion-mnist", "clean"))
                .Query(query);
            Assert.Equal(40, reloaded.Entries);
            Assert.Equal("s1/00033", reloaded.Rows[^1].TrialIds[0]);
            Assert.Equal(0.999, reloaded.Rows[^1].Mean);
            Assert.Equal("/ckpt/39", reloaded.Rows.Single(r => r.TrialIds[0] == "s1/00039").Checkpoints[0]);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
