using Microsoft.Extensions.Options;
using RobustGrid.Catalog;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Grains.Specs;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>The CIFAR-10-P suite on the grid: what a spec may ask for, and the leaderboard columns a trial
/// fills.</summary>
public sealed class PerturbationSuiteTests
{
    [Fact]
    public void ACifar10SweepMayBeScoredOnChosenPerturbations() =>
        Assert.Empty(SpecAssert.Errors("dataset: cifar10\nparameters:\n  model: {value: small-cnn}\n" +
            "evaluation: {suite: cifar10-p, corruptions: [translate, rotate]}\n"));

    [Fact]
    public void TheSuiteBelongsToCifar10() =>
        SpecAssert.Error("dataset: fashion-mnist\nevaluation: {suite: cifar10-p}\n", "evaluation.suite",
            "unknown suite 'cifar10-p' for fashion-mnist");

    [Fact]
    public void ItsListNamesPerturbationsNotCorruptions() =>
        SpecAssert.Error("dataset: cifar10\nevaluation: {suite: cifar10-p, corruptions: [fog]}\n",
            "evaluation.corruptions", "unknown corruption 'fog'; known: gaussian_noise, shot_noise");

    [Theory]
    [InlineData("perturbation/mfp", true)]
    [InlineData("perturbation/mt5d", true)]
    [InlineData("perturbation/rotate/fp", true)]
    [InlineData("perturbation/tilt/t5d", true)]
    [InlineData("perturbation/fog/fp", false)]
    [InlineData("perturbation/rotate/error", false)]
    public void SweepsMayOptimiseItsColumnsAndLowerIsBetter(string metric, bool known)
    {
        Assert.Equal(known, GridCatalog.IsKnownMetric(metric));
        Assert.True(MetricNames.LowerIsBetter(metric));
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task ATrialScoredOnCifar10PFillsTheStabilityColumns()
    {
        var options = Options.Create(new GridSiloOptions());
        await using var grid = await GridCluster.StartAsync(1, store => new TorchPair(options, store));
        var launch = await grid.Client.GetGrain<ISweepRegistryGrain>(0).Launch("""
            name: stability
            dataset: cifar10
            parameters:
              model: {value: small-cnn}
              epochs: {value: 1}
              train_limit: {value: 64}
              test_limit: {value: 8}
              threads: {value: 1}
            seeds: [0]
            evaluation: {suite: cifar10-p}
            """, null);
        Assert.True(launch.Ok, string.Join("\n", launch.Errors));
        var summary = await grid.WaitForSweep(launch.SweepId!, TimeSpan.FromMinutes(5));
        Assert.Equal(SweepState.Completed, summary.State);

        var board = grid.Client.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For("cifar10", PerturbationNames.Suite));
        var mean = await board.Query(new LeaderboardQuery(MetricNames.MeanFlipProbability));
        Assert.InRange(Assert.Single(mean.Rows).Mean, 0, 1);
        Assert.True(mean.LowerIsBetter);
        foreach (var name in PerturbationNames.Names)
        {
            var flips = await board.Query(new LeaderboardQuery(MetricNames.FlipProbability(name)));
            Assert.InRange(Assert.Single(flips.Rows).Mean, 0, 1);
        }
        // Clean columns come with them, on the same test images.
        var clean = await board.Query(new LeaderboardQuery(MetricNames.CleanError));
        Assert.InRange(Assert.Single(clean.Rows).Mean, 0, 1);
    }
}
