using System.Globalization;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Training;
using Microsoft.Extensions.Options;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Training.Checkpoints;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// A sweep of real (tiny) TorchSharp trainings on a two-silo cluster fills the leaderboard with what the trials'
/// checkpoints scored.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RealTrainingSweepTests
{
    private const string Spec = """
        name: real-tiny
        dataset: fashion-mnist
        method: grid
        parameters:
          method: {value: erm}
          model: {value: small-cnn}
          learning_rate: {values: [0.02, 0.05]}
          batch_size: {value: 64}
          epochs: {value: 1}
          train_limit: {value: 256}
          test_limit: {value: 128}
          threads: {value: 1}
        seeds: [0, 1]
        parallel_trials: 2
        max_failures: 1
        """;

    [Fact]
    public async Task TinyTrainingsCompleteAndFillTheLeaderboard()
    {
        var options = Options.Create(new GridSiloOptions());
        await using var grid = await GridCluster.StartAsync(2, store => new TorchPair(options, store));
        var launch = await grid.Client.GetGrain<ISweepRegistryGrain>(0).Launch(Spec, "real");
        Assert.True(launch.Ok, string.Join("\n", launch.Errors));
        var summary = await grid.WaitForSweep(launch.SweepId!, TimeSpan.FromSeconds(150));
        Assert.True(summary.State == SweepState.Completed, GridDisplayText(summary));
        Assert.Equal(4, summary.Counts[TrialState.Completed]);

        var board = grid.Client.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For("fashion-mnist", "clean"));
        var trials = (await board.Query(
            new LeaderboardQuery(MetricNames.CleanError, 10, SweepId: launch.SweepId, GroupSeeds: false))).Rows;
        Assert.Equal(4, trials.Length);
        foreach (var trial in trials)
        {
            var metadata = CheckpointFile.ReadMetadata(Assert.Single(trial.Checkpoints));
            // The board's configuration is the one the checkpoint was trained with.
            Assert.Equal(trial.Seeds.Single(), metadata.Config.Seed);
            Assert.Equal(double.Parse(trial.Parameters["learning_rate"], CultureInfo.InvariantCulture),
                metadata.Config.LearningRate);
            Assert.Equal((256, 128, 1),
                (metadata.Config.TrainLimit, metadata.Config.TestLimit, metadata.EpochsCompleted));
            // The evaluator scored the checkpoint on the same 128 test images the trainer tested it on after its epoch.
            var accuracy = metadata.History[^1].TestAccuracy;
            Assert.Equal(1 - accuracy, trial.Mean, 12);
            Assert.Equal(accuracy, trial.MetricMeans[MetricNames.CleanAccuracy], 12);
            // One epoch on 256 images learns well beyond chance (0.10), far from perfect (0.33 to 0.59 on the
            // development machine), and is not perfectly calibrated.
            Assert.InRange(accuracy, 0.25, 0.95);
            Assert.InRange(trial.MetricMeans[MetricNames.Ece], 1e-6, 0.75);
        }

        var configurations =
            (await board.Query(new LeaderboardQuery(MetricNames.CleanError, 10, SweepId: launch.SweepId))).Rows;
        Assert.Equal(2, configurations.Length);
        foreach (var configuration in configurations)
        {
            // Seeds grouped: the mean and sample deviation of the configuration's two trials, best configuration first.
            var errors = trials.Where(t => t.ConfigKey == configuration.ConfigKey).Select(t => t.Mean).ToArray();
            Assert.Equal([0L, 1L], configuration.Seeds.Order());
            Assert.Equal(errors.Average(), configuration.Mean, 12);
            Assert.Equal(Math.Abs(errors[0] - errors[1]) / Math.Sqrt(2), configuration.Std, 12);
        }
        Assert.True(configurations[0].Mean <= configurations[1].Mean);
    }

    private static string GridDisplayText(SweepSummary s) =>
        $"{s.State} {string.Join(",", s.Counts.Select(c => $"{c.Key}={c.Value}"))} {s.Message}";
}
