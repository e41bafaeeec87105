using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Hosting;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// pbt sweeps on the embedded grid with a stand-in trainer whose best learning rate drops tenfold mid-training
/// (<see cref="MovingOptimumExecutor"/>): the population follows the moving optimum, every trial records its parent,
/// epochs and perturbed values, only the last interval is ranked, and a silo stopped mid-sweep resumes the population
/// into exactly the trials an uninterrupted sweep runs.
/// </summary>
public sealed class PopulationSweepTests
{
    private static string Spec(int population) => $"""
        name: pbt-moving
        dataset: fashion-mnist
        method: pbt
        parameters:
          learning_rate: {"{"}values: [1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001]{"}"}
          epochs: {"{"}value: 16{"}"}
        pbt: {"{"}population: {population}, perturbation_interval: 2{"}"}
        parallel_trials: 8
        sampler: {"{"}seed: 3{"}"}
        """;

    private static GridSiloOptions Silo => EmbeddedGrids.QuickSilo(trainerSlots: 8, sweepTickMilliseconds: 100);

    private static Action<IServiceCollection> Executors(int epochMilliseconds) =>
        EmbeddedGrids.Serving(() => new MovingOptimumExecutor(epochMilliseconds));

    private static double Lr(ExperimentStatus t) =>
        double.Parse(t.Parameters["learning_rate"], CultureInfo.InvariantCulture);

    [Fact]
    [Trait("Category", "Integration")]
    public async Task ThePopulationFollowsAMovingOptimum()
    {
        var home = TestData.NewScratchFolder("pbt-");
        try
        {
            await using var grid = await EmbeddedGrids.StartAsync(EmbeddedGrids.Host(home), Silo, Executors(0));
            var (summary, trials) = await RunToEnd(grid, Spec(16));
            Assert.Equal(SweepState.Completed, summary.State);
            Assert.Equal(16 * 8, trials.Length);
            Assert.All(trials, t => Assert.Equal(TrialState.Completed, t.State));

            // The top member of each interval, by the metric the population is ranked by.
            ExperimentStatus TopOf(int generation) => trials.Where(t => t.Population!.Generation == generation)
                .MaxBy(t => t.Metrics["test_accuracy"])!;
            // Until epoch 8 the best rate is 0.1, after it 0.01: the leader trains near each in turn.
            Assert.InRange(Lr(TopOf(3)), 0.03, 0.3);
            Assert.InRange(Lr(TopOf(7)), 0.003, 0.03);
            var best = TopOf(7);
            Assert.Equal(summary.BestTrialId, best.TrialId);

            // No single learning rate held for all 16 epochs does as well as the schedule the population found.
            var bestFixed = new[] { 1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001 }.Max(lr => MovingOptimumExecutor.Accuracy(
                Enumerable.Range(1, 16).Sum(e => MovingOptimumExecutor.Gain(lr, e)), 16));
            Assert.True(best.Metrics[MetricNames.CleanAccuracy] > bestFixed,
                $"pbt {best.Metrics[MetricNames.CleanAccuracy]:F4} vs the best fixed rate {bestFixed:F4}");

            // Its lineage: a parent in every earlier interval, and at least one copy of another member's checkpoint.
            var byId = trials.ToDictionary(t => t.TrialId);
            var lineage = new List<ExperimentStatus> { best };
            while (lineage[^1].Population!.ParentTrialId is { } parent) lineage.Add(byId[parent]);
            Assert.Equal(8, lineage.Count);
            Assert.Contains(lineage, t => t.Population!.Exploited);

            // Only the last interval is evaluated and ranked.
            var board = await grid.Client.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For("fashion-mnist", "clean"))
                .Query(new LeaderboardQuery(Top: 100, SweepId: summary.SweepId, GroupSeeds: false));
            Assert.Equal(16, board.Rows.Length);
        }
        finally
        {
            DeleteQuietly(home);
        }
    }

    [Fact]
    public async Task EveryTrialRecordsItsParentEpochsAndPerturbedValues()
    {
        var home = TestData.NewScratchFolder("pbt-");
        try
        {
            await using var grid = await EmbeddedGrids.StartAsync(EmbeddedGrids.Host(home), Silo, Executors(0));
            var (_, trials) = await RunToEnd(grid, Spec(4));
            var byId = trials.ToDictionary(t => t.TrialId);
            foreach (var t in trials)
            {
                var step = t.Population!;
                Assert.Equal((t.Index / 4, t.Index % 4), (step.Generation, step.Member));
                Assert.Equal((step.Generation * 2, step.Generation * 2 + 2), (step.StartEpoch, step.EndEpoch));
                Assert.Equal(step.EndEpoch, t.EpochsCompleted);
                if (step.ParentTrialId is not { } parentId)
                {
                    Assert.Equal(0, step.Generation);
                    continue;
                }
                var parent = byId[parentId];
                Assert.Equal(step.Generation - 1, parent.Population!.Generation);
                Assert.Equal(parent.Population.Member != step.Member, step.Exploited);
                if (!step.Exploited) Assert.Equal(parent.Parameters, t.Parameters);
                var changed = t.Parameters.Where(kv => parent.Parameters[kv.Key] != kv.Value)
                    .Select(kv => $"{kv.Key}: {parent.Parameters[kv.Key]} -> {kv.Value}");
                Assert.Equal(changed, step.Perturbed);
                // A member that continues a checkpoint starts from its skill: the parent's accuracy plus two epochs.
                var lr = Lr(t);
                var gained = MovingOptimumExecutor.Gain(lr, step.StartEpoch + 1)
                    + MovingOptimumExecutor.Gain(lr, step.StartEpoch + 2);
                Assert.Equal(parent.Metrics["test_accuracy"] + gained / 16, t.Metrics["test_accuracy"], 9);
            }
            Assert.Contains(trials, t => t.Population!.Exploited);
        }
        finally
        {
            DeleteQuietly(home);
        }
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task StoppedMidSweepThenRestartedResumesThePopulationWithNothingLostOrDuplicated()
    {
        var reference = TestData.NewScratchFolder("pbt-");
        var home = TestData.NewScratchFolder("pbt-");
        try
        {
            ExperimentStatus[] expected;
            await using (var grid = await EmbeddedGrids.StartAsync(EmbeddedGrids.Host(reference), Silo, Executors(0)))
                (_, expected) = await RunToEnd(grid, Spec(8));

            string sweepId;
            await using (var first = await EmbeddedGrids.StartAsync(EmbeddedGrids.Host(home), Silo, Executors(60)))
            {
                var launch = await first.Client.GetGrain<ISweepRegistryGrain>(0).Launch(Spec(8), "pbt");
                Assert.True(launch.Ok, string.Join("\n", launch.Errors));
                sweepId = launch.SweepId!;
                var sweep = first.Client.GetGrain<ISweepGrain>(sweepId);
                var until = DateTime.UtcNow.AddSeconds(60);
                // Stop with a continued member half-way through its interval.
                while (!(await sweep.GetTrials()).Any(t => t.Population is { Generation: >= 2 } step
                    && t.State == TrialState.Training && t.EpochsCompleted > step.StartEpoch))
                {
                    Assert.True(DateTime.UtcNow < until, "no continued member was caught mid-interval");
                    await Task.Delay(10);
                }
            }

            await using var second = await EmbeddedGrids.StartAsync(EmbeddedGrids.Host(home), Silo, Executors(0));
            var again = await second.Client.GetGrain<ISweepRegistryGrain>(0).Launch(Spec(8), "pbt");
            Assert.True(again.Resumed);
            Assert.Equal(sweepId, again.SweepId);
            var (summary, trials) = await WaitForEnd(second, sweepId);
            Assert.Equal(SweepState.Completed, summary.State);
            Assert.Equal(64, summary.Launched);
            Assert.Equal(64, summary.Counts[TrialState.Completed]);
            // The same population as without the stop: each trial's values, parent and result.
            Assert.Equal(expected.Select(Fingerprint), trials.OrderBy(t => t.Index).Select(Fingerprint));
            var runs = MovingOptimumExecutor.Runs.Where(r => r.TrialId.StartsWith(sweepId, StringComparison.Ordinal));
            Assert.All(runs.Where(r => r.Outcome == "completed").GroupBy(r => r.TrialId), g => Assert.Single(g));
            Assert.Contains(runs, r => r.Outcome == "completed" && r.StartEpoch > 0 && r.StartEpoch % 2 == 1);
        }
        finally
        {
            DeleteQuietly(reference);
            DeleteQuietly(home);
        }
    }

    private static string Fingerprint(ExperimentStatus t) => string.Create(CultureInfo.InvariantCulture,
        $"{t.Index} {t.Parameters["learning_rate"]} {t.Population!.ParentTrialId?.Split('/')[^1]} " +
        $"{t.Metrics["test_accuracy"]:F9} {string.Join(",", t.Population.Perturbed)}");

    private static async Task<(SweepSummary, ExperimentStatus[])> RunToEnd(EmbeddedGrid grid, string spec)
    {
        var launch = await grid.Client.GetGrain<ISweepRegistryGrain>(0).Launch(spec, "pbt");
        Assert.True(launch.Ok, string.Join("\n", launch.Errors));
        return await WaitForEnd(grid, launch.SweepId!);
    }

    private static async Task<(SweepSummary, ExperimentStatus[])> WaitForEnd(EmbeddedGrid grid, string sweepId)
    {
        var sweep = grid.Client.GetGrain<ISweepGrain>(sweepId);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        SweepSummary summary;
        while ((summary = await sweep.GetSummary()).State == SweepState.Running && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        return (summary, (await sweep.GetTrials()).OrderBy(t => t.Index).ToArray());
    }

    private static void DeleteQuietly(string folder)
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
