using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Grains;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Grains.Storage.Upgrade;
using RobustGrid.Grid.Hosting;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// A state folder of the first file layout (RGS1: header "RGS1 {etag}\n", then the host's default grain-storage
/// serializer's JSON of the state as those builds had it: a sweep's history in its own fields, a leaderboard's entries
/// in one dictionary) is upgraded once when a silo starts on it, and then loads: the sweep keeps its trials and best
/// trial, the board its entries, now in segments, and every file is in the current layout.
/// (Format-1 folders in the binary layout: SweepHistoryTests and CompactCodecTests start silos on fixtures of those.)
/// </summary>
[Trait("Category", "Integration")]
public sealed class StateUpgradeTests
{
    private const string SweepId = "old-sweep-20261101-000000-0000";

    private const string Spec = """
        name: old-sweep
        dataset: fashion-mnist
        parameters:
          learning_rate: {values: [0.1, 0.2]}
          epochs: {value: 1}
        """;

    private static readonly GridSiloOptions Silo = new() { TrainerSlots = 0, DriveSweeps = false };

    private static GridHostOptions Host(string home) => new()
    {
        Mode = GridClusterMode.Embedded,
        Home = home,
        FsyncState = false,
        SiloPort = 27111 + Random.Shared.Next(1000),
        GatewayPort = 38000 + Random.Shared.Next(1000),
    };

    private static LeaderboardEntry Entry(int i) =>
        new($"s1/{i:D5}", "s1", "fashion-mnist", "clean", "small-cnn", "erm", $"cfg{i}", 0,
            new() { ["learning_rate"] = "0.1" },
            $"/ckpt/{i}", new() { [MetricNames.CleanError] = i / 100.0 }, DateTimeOffset.UnixEpoch.AddDays(i));

    [Fact]
    public async Task AFolderOfJsonStateIsUpgradedOnceAndThenLoads()
    {
        var home = Path.Combine(Path.GetTempPath(), "robustgrid-tests", Guid.NewGuid().ToString("N"));
        var probeHome = home + "-probe";
        try
        {
            IGrainStorageSerializer json, binary;
            // The serializers of this host: the default one wrote RGS1 files.
            await using (var probe = await EmbeddedGrid.StartAsync(Host(probeHome), Silo, _ => { }))
            {
                json = probe.Services.GetRequiredService<IGrainStorageSerializer>();
                binary = GridSiloBuilderExtensions.GridStateSerializer(probe.Services);
                WriteJson(json, home, "sweep", $"{SweepId}.sweep.state", new Format1SweepState
                {
                    SpecYaml = Spec,
                    Name = "old-sweep",
                    State = SweepState.Completed,
                    Started = true,
                    CreatedAt = DateTimeOffset.UnixEpoch,
                    UpdatedAt = DateTimeOffset.UnixEpoch.AddHours(1),
                    Trials =
                    [
                        new TrialRecord
                        {
                            Index = 0,
                            State = TrialState.Completed,
                            Metrics = new() { [MetricNames.CleanError] = 0.3 },
                        },
                        new TrialRecord
                        {
                            Index = 1,
                            State = TrialState.Completed,
                            Metrics = new() { [MetricNames.CleanError] = 0.2 },
                        },
                    ],
                    Configs = [new() { ["learning_rate"] = "0.1", ["epochs"] = "1" },
                        new() { ["learning_rate"] = "0.2", ["epochs"] = "1" }],
                });
                WriteJson(json, home, "leaderboard", "fashion-mnist~clean.leaderboard.state",
                    new Format1LeaderboardState<LeaderboardEntry>
                    {
                        Entries = Enumerable.Range(0, 40).Select(Entry).ToDictionary(e => e.TrialId),
                    });
                WriteJson(json, home, "leaderboardindex", "0.leaderboards.state",
                    new LeaderboardIndexGrainState { Keys = ["fashion-mnist/clean"] });
            }

            await using (var grid = await EmbeddedGrid.StartAsync(Host(home), Silo, _ => { }))
            {
                var summary = await grid.Client.GetGrain<ISweepGrain>(SweepId).GetSummary();
                Assert.Equal((SweepState.Completed, 2, 2),
                    (summary.State, summary.Launched, summary.Counts[TrialState.Completed]));
                Assert.Equal((SweepId + "/00001", 0.2), (summary.BestTrialId, summary.BestValue));
                var page = await grid.Client.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For("fashion-mnist", "clean"))
                    .Query(new LeaderboardQuery(MetricNames.CleanError, 100, GroupSeeds: false));
                Assert.Equal(40, page.Entries);
                Assert.Equal(Enumerable.Range(0, 40).Select(i => $"s1/{i:D5}"), page.Rows.Select(r => r.TrialIds[0]));
                Assert.Equal("/ckpt/39", page.Rows[^1].Checkpoints[0]);
                Assert.Equal(["fashion-mnist/clean"], await grid.Client.GetGrain<ILeaderboardIndexGrain>(0).List());
            }

            var state = Path.Combine(home, "state");
            Assert.Equal("2", File.ReadAllText(Path.Combine(state, "state-format")).Trim());
            var files = Directory.GetFiles(state, "*.state", SearchOption.AllDirectories);
            Assert.All(files, f => Assert.StartsWith("RGS2 ", Encoding.ASCII.GetString(File.ReadAllBytes(f), 0, 5),
                StringComparison.Ordinal));
            Assert.Equal(2, files.Count(f => f.Contains(".leaderboard-entries.", StringComparison.Ordinal)));
            Assert.StartsWith("RGS2 4\n", File.ReadAllText(Path.Combine(state, "sweep", $"{SweepId}.sweep.state"))[..7],
                StringComparison.Ordinal);

            // Once: the folder says it is upgraded, and a folder of a newer format is refused rather than misread.
            var upgrade = new FileStateUpgrade(state, binary, json, fsync: false);
            Assert.Equal(0, upgrade.Run());
            File.WriteAllText(Path.Combine(state, "state-format"), "3\n");
            Assert.Contains("newer build", Assert.Throws<InvalidOperationException>(() => upgrade.Run()).Message,
                StringComparison.Ordinal);
        }
        finally
        {
            foreach (var folder in new[] { home, probeHome })
                if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private static void WriteJson<T>(IGrainStorageSerializer json, string home, string grainType, string file, T state)
    {
        var path = Path.Combine(home, "state", grainType, file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [.. Encoding.ASCII.GetBytes("RGS1 3\n"), .. json.Serialize(state).ToArray()]);
    }
}
