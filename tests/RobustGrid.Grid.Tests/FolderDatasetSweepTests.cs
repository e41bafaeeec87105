using Microsoft.Extensions.Options;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>A sweep on a 64-pixel image folder that the test writes, trained and scored on a real grid, clean and on
/// Tiny-ImageNet-C corruptions of its own test images.</summary>
[Trait("Category", "Integration")]
public sealed class FolderDatasetSweepTests
{
    [Fact]
    public async Task ASixtyFourPixelFolderTrainsAndFillsItsLeaderboard()
    {
        var dataRoot = TestData.NewScratchFolder();
        var folder = Path.Combine(dataRoot, "shapes64");
        ImageFolders.Write(folder, ["train", "test"], classes: 4, perClass: 24, 64, 64);
        var dataset = "folder:" + folder;
        var spec = $$"""
            name: shapes64
            dataset: "{{dataset}}"
            method: grid
            parameters:
              method: {value: erm}
              model: {value: small-cnn}
              learning_rate: {value: 0.05}
              batch_size: {value: 16}
              epochs: {value: 2}
              threads: {value: 1}
            seeds: [0]
            max_failures: 0
            evaluation: {suite: tinyimagenet-c, corruptions: [gaussian_noise, fog]}
            """;
        var options = Options.Create(new GridSiloOptions());
        await using var grid = await GridCluster.StartAsync(1, store => new TorchPair(options, store),
            dataRoots: [dataRoot]);
        var launch = await grid.Client.GetGrain<ISweepRegistryGrain>(0).Launch(spec, "shapes64");
        Assert.True(launch.Ok, string.Join("\n", launch.Errors));
        var summary = await grid.WaitForSweep(launch.SweepId!, TimeSpan.FromSeconds(150));
        Assert.Equal(1, summary.Counts.GetValueOrDefault(TrialState.Completed));

        var board = grid.Client.GetGrain<ILeaderboardGrain>(
            LeaderboardKeys.For(dataset, "tinyimagenet-c@c:fog+gaussian_noise"));
        var row = Assert.Single((await board.Query(
            new LeaderboardQuery(MetricNames.CleanError, 10, SweepId: launch.SweepId, GroupSeeds: false))).Rows);
        var metadata = CheckpointFile.ReadMetadata(Assert.Single(row.Checkpoints));
        Assert.Equal((64, 4, 3), (metadata.ImageSize, metadata.Classes, metadata.InputChannels));
        Assert.Equal(dataset, metadata.Config.Dataset);
        // Four classes of distinct colours: two epochs learn them far beyond chance (0.25).
        Assert.InRange(row.MetricMeans[MetricNames.CleanAccuracy], 0.6, 1.0);
        Assert.Equal(1 - metadata.History[^1].TestAccuracy, row.Mean, 12);
        // The mCE is the mean of the two corruptions' errors, each over the five severities.
        var mce = row.MetricMeans[MetricNames.MeanCorruptionError];
        Assert.InRange(mce, 0.0, 1.0);
        Assert.Equal((row.MetricMeans["corruption/gaussian_noise"] + row.MetricMeans["corruption/fog"]) / 2, mce, 12);
        Assert.Equal(Enumerable.Range(1, 5).Average(s => row.MetricMeans[$"corruption/fog/{s}"]),
            row.MetricMeans["corruption/fog"], 12);
    }
}
