using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Grains.Grains;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Hosting;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// The sweep's compact history: it round-trips and copies deeply, and a sweep stored by the build before it
/// (Fixtures/sweep-before-history-state, history in the old fields) is upgraded when a silo starts on it, then resumes
/// and finishes with its finished trials untouched.
/// </summary>
public sealed class SweepHistoryTests
{
    private const string StoredSpec = """
        name: stored-sweep
        dataset: fashion-mnist
        parameters:
          learning_rate: {values: [0.1, 0.2, 0.3]}
          epochs: {value: 2}
        seeds: 2
        parallel_trials: 2
        early_terminate: {type: asha, min_iter: 1, eta: 2}
        """;

    private const string StoredSweepId = "stored-sweep-20261201-233801-2d6d";

    [Fact]
    public void HistoryRoundTripsAndCopiesDeeply()
    {
        var services = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(SweepHistory).Assembly))
            .BuildServiceProvider();
        var history = new SweepHistory
        {
            Trials =
            [
                new TrialRecord
                {
                    Index = 0,
                    State = TrialState.Completed,
                    Metrics = new() { ["test_accuracy"] = 0.875 },
                },
                new TrialRecord { Index = 1, State = TrialState.Pending },
                new TrialRecord
                {
                    Index = 70_000,
                    State = TrialState.Diverged,
                    Metrics = new() { ["test_accuracy"] = double.NaN },
                },
            ],
            Configs = [new() { ["method"] = "augmix", ["learning_rate"] = "0.1" }, []],
            Rungs = [new RungRecord { Index = 0, Rung = 1, Value = 0.5 },
                new RungRecord { Index = 70_000, Rung = 3, Value = -1e-9 }],
            ExtraConfigs = [1, 0, 1],
        };
        var serializer = services.GetRequiredService<Serializer>();
        var copier = services.GetRequiredService<DeepCopier>();
        foreach (var back in new[]
        {
            serializer.Deserialize<SweepHistory>(serializer.SerializeToArray(history))!, copier.Copy(history),
        })
        {
            Assert.Equal(history.Trials.Select(t => (t.Index, t.State, string.Join(",", t.Metrics))),
                back.Trials.Select(t => (t.Index, t.State, string.Join(",", t.Metrics))));
            Assert.Equal(history.Configs.Select(c => string.Join(",", c)),
                back.Configs.Select(c => string.Join(",", c)));
            Assert.Equal(history.Rungs.Select(r => (r.Index, r.Rung, r.Value)),
                back.Rungs.Select(r => (r.Index, r.Rung, r.Value)));
            Assert.Equal(history.ExtraConfigs, back.ExtraConfigs);
        }
        var copy = copier.Copy(history);
        copy.Trials[1].State = TrialState.Training;
        copy.Configs[0]["method"] = "erm";
        copy.ExtraConfigs.Add(0);
        Assert.Equal(TrialState.Pending, history.Trials[1].State);
        Assert.Equal("augmix", history.Configs[0]["method"]);
        Assert.Equal(3, history.ExtraConfigs.Count);
    }

    [Trait("Category", "Integration")]
    [Fact]
    public async Task ASweepStoredBeforeTheCompactHistoryResumesAndFinishes()
    {
        var host = StoredFixture.EmbeddedHomeWith("sweep-before-history-state");
        var home = host.Home;
        var silo = new GridSiloOptions
        {
            TrainerSlots = 2,
            SweepTick = TimeSpan.FromMilliseconds(100),
            TrialWatchdog = TimeSpan.FromSeconds(1),
        };
        try
        {
            await using var grid = await EmbeddedGrids.StartAsync(host, silo, s =>
            {
                var executor = new SimulatedExecutor(50);
                s.AddSingleton<ITrialExecutor>(executor);
                s.AddSingleton<ICheckpointEvaluator>(executor);
            });
            var sweep = grid.Client.GetGrain<ISweepGrain>(StoredSweepId);
            var stored = await sweep.GetTrials();
            // As the fixture was left: trials 0-4 launched, three finished.
            Assert.Equal(5, stored.Length);
            var finishedBefore =
                stored.Where(t => t.State.IsTerminal()).ToDictionary(t => t.TrialId, t => (t.State, t.UpdatedAt));
            Assert.Equal(3, finishedBefore.Count);

            var again = await grid.Client.GetGrain<ISweepRegistryGrain>(0).Launch(StoredSpec, "stored");
            Assert.True(again.Resumed);
            Assert.Equal(StoredSweepId, again.SweepId);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            SweepSummary summary;
            while ((summary = await sweep.GetSummary()).State != SweepState.Completed && DateTime.UtcNow < deadline)
                await Task.Delay(50);
            Assert.Equal(SweepState.Completed, summary.State);
            Assert.Equal(6, summary.Launched);
            Assert.Equal(6, summary.Counts.Values.Sum());
            var trials = await sweep.GetTrials();
            Assert.All(trials, t => Assert.True(t.State.IsTerminal()));
            foreach (var (id, before) in finishedBefore)
                Assert.Equal(before, trials.Single(t => t.TrialId == id) is var t ? (t.State, t.UpdatedAt) : default);
            var runs = SimulatedExecutor.Runs.Where(r => r.TrialId.StartsWith(StoredSweepId, StringComparison.Ordinal)
                && r.Outcome == "completed").ToList();
            // nothing finished was trained again
            Assert.DoesNotContain(runs, r => finishedBefore.ContainsKey(r.TrialId));
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
