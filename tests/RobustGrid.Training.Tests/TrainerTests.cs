using RobustGrid.Methods;
using RobustGrid.Tests.Shared;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Runtime;
using RobustGrid.Training.Training;
using TorchSharp;

namespace RobustGrid.Training.Tests;

[Trait("Category", "Integration")]
[Collection(SerialTorchCollection.Name)]
public sealed class TrainerTests
{
    private static TrainingConfig Small(int trainLimit, int epochs = 1) => new()
    {
        Dataset = "fashion-mnist",
        Model = "small-cnn",
        Epochs = epochs,
        TrainLimit = trainLimit,
        TestLimit = 2_000,
        Device = DeviceChoice.Cpu,
        Seed = 11,
        LearningRate = 0.05,
    };

    [Fact]
    public void ShortRealTrainingReachesEightyPercent()
    {
        var run = TestData.NewScratchFolder();
        var result = Trainer.Run(Small(20_000), MethodRegistry.Create, run, catalog: TestData.Catalog);
        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.True(result.TestAccuracy >= 0.80, $"test accuracy {result.TestAccuracy:P2}");
        Assert.True(File.Exists(result.CheckpointPath));
        Assert.Equal(1, CheckpointFile.ReadMetadata(result.CheckpointPath).EpochsCompleted);
    }

    [Fact]
    public void ResumingFromACheckpointGivesTheSameWeightsAsAnUninterruptedRun()
    {
        var config = Small(1_500, epochs: 3);
        var straight = TestData.NewScratchFolder();
        Trainer.Run(config, MethodRegistry.Create, straight, catalog: TestData.Catalog);

        var interrupted = TestData.NewScratchFolder();
        using var stop = new CancellationTokenSource();
        var first = Trainer.Run(config, MethodRegistry.Create, interrupted, new StopAfterEpoch(1, stop), stop.Token,
            TestData.Catalog);
        Assert.Equal(TrainingOutcome.Cancelled, first.Outcome);
        Assert.Equal(1, first.EpochsCompleted);
        var resumed = Trainer.Run(config, MethodRegistry.Create, interrupted, catalog: TestData.Catalog);
        Assert.Equal(TrainingOutcome.Completed, resumed.Outcome);
        Assert.Equal(3, resumed.History.Count);

        using var a = Load(straight);
        using var b = Load(interrupted);
        var left = a.Module.state_dict();
        var right = b.Module.state_dict();
        Assert.Equal(left.Keys, right.Keys);
        Assert.All(left.Keys,
            key => Assert.True(TensorAssert.Same(left[key], right[key]), $"{key} differs after resume"));
    }

    /// <summary>
    /// A silo trains several trials in one process. WRN-40-4 draws at construction and in every training step
    /// (dropout 0.3), so runs that drew from libtorch's shared generator would interleave and each get weights other
    /// than their seed's; every concurrent run must end with exactly the weights of the same run alone.
    /// </summary>
    [Fact]
    public void ConcurrentRunsOfOneSeedEndWithTheWeightsOfThatRunAlone()
    {
        var config = Small(48) with { Model = "wrn-40-4", BatchSize = 16, TestLimit = 16 };
        var alone = TestData.NewScratchFolder();
        Trainer.Run(config, MethodRegistry.Create, alone, catalog: TestData.Catalog);

        var folders = Enumerable.Range(0, 3).Select(_ => TestData.NewScratchFolder()).ToArray();
        using var start = new Barrier(folders.Length);
        var threads = folders.Select(folder => new Thread(() =>
        {
            start.SignalAndWait();
            Trainer.Run(config, MethodRegistry.Create, folder, catalog: TestData.Catalog);
        })).ToArray();
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();

        using var reference = Load(alone);
        var expected = reference.Module.state_dict();
        foreach (var folder in folders)
        {
            using var concurrent = Load(folder);
            var actual = concurrent.Module.state_dict();
            Assert.All(expected.Keys, key => Assert.True(TensorAssert.Same(expected[key], actual[key]),
                $"{key} differs from the run alone"));
        }
    }

    [Fact]
    public void ARunStartedOnThePerParameterSgdResumesOnTheFlatOneAsIfUninterrupted()
    {
        var config = Small(1_500, epochs: 2);
        var straight = TestData.NewScratchFolder();
        Trainer.Run(config with { FlatOptimizer = false }, MethodRegistry.Create, straight, catalog: TestData.Catalog);

        var switched = TestData.NewScratchFolder();
        using var stop = new CancellationTokenSource();
        Trainer.Run(config with { FlatOptimizer = false }, MethodRegistry.Create, switched, new StopAfterEpoch(1, stop),
            stop.Token, TestData.Catalog);
        var resumed = Trainer.Run(config, MethodRegistry.Create, switched, catalog: TestData.Catalog);
        Assert.Equal(TrainingOutcome.Completed, resumed.Outcome);

        using var a = Load(straight);
        using var b = Load(switched);
        var left = a.Module.state_dict();
        var right = b.Module.state_dict();
        // The same arithmetic (bit-identical on the development CPU); the tolerance only absorbs kernel splits.
        Assert.All(left.Keys,
            key => Assert.True(left[key].allclose(right[key], rtol: 0, atol: 1e-6), $"{key} differs"));
    }

    [Fact]
    public void ANonFiniteLossStopsTheRunAsDivergedNamingEpochAndStep()
    {
        var config = Small(2_000) with { LearningRate = 10, Momentum = 0.999, WeightDecay = 0 };
        var result = Trainer.Run(config, MethodRegistry.Create, TestData.NewScratchFolder(), catalog: TestData.Catalog);
        Assert.Equal(TrainingOutcome.Diverged, result.Outcome);
        Assert.Matches(@"epoch 1, step \d+ of 16", result.Message);
    }

    [Fact]
    public void ACheckpointOfAnotherConfigurationIsNotResumed()
    {
        var run = TestData.NewScratchFolder();
        Trainer.Run(Small(500), MethodRegistry.Create, run, catalog: TestData.Catalog);
        var error = Assert.Throws<InvalidOperationException>(() =>
            Trainer.Run(Small(500) with { Seed = 99 }, MethodRegistry.Create, run, catalog: TestData.Catalog));
        Assert.Contains("different configuration", error.Message);
    }

    [Fact]
    public void ADamagedCheckpointFailsItsChecksumInsteadOfLoadingWrong()
    {
        var run = TestData.NewScratchFolder();
        var result = Trainer.Run(Small(500), MethodRegistry.Create, run, catalog: TestData.Catalog);
        var bytes = File.ReadAllBytes(result.CheckpointPath);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(result.CheckpointPath, bytes);
        Assert.Contains("checksum", Assert.Throws<CheckpointCorruptException>(() => Load(run)).Message);
        File.WriteAllBytes(result.CheckpointPath, bytes[..1000]);
        Assert.Throws<CheckpointCorruptException>(() => CheckpointFile.ReadMetadata(result.CheckpointPath));
    }

    [Fact]
    public void ABitFlippedLatestCheckpointIsSetAsideAndTheRunResumesFromThePreviousGeneration()
    {
        var config = Small(1_500, epochs: 3);
        var straight = TestData.NewScratchFolder();
        Trainer.Run(config, MethodRegistry.Create, straight, catalog: TestData.Catalog);

        var run = TestData.NewScratchFolder();
        using var stop = new CancellationTokenSource();
        Trainer.Run(config, MethodRegistry.Create, run, new StopAfterEpoch(2, stop), stop.Token, TestData.Catalog);
        var latest = Path.Combine(run, CheckpointFile.FileName);
        var previous = CheckpointGenerations.PreviousOf(latest);
        Assert.Equal(2, CheckpointFile.ReadMetadata(latest).EpochsCompleted);
        Assert.Equal(1, CheckpointFile.ReadMetadata(previous).EpochsCompleted);
        var bytes = File.ReadAllBytes(latest);
        bytes[bytes.Length / 3] ^= 0x10;
        File.WriteAllBytes(latest, bytes);

        var warnings = new Warnings();
        var resumed = Trainer.Run(config, MethodRegistry.Create, run, warnings, catalog: TestData.Catalog);
        Assert.Equal(TrainingOutcome.Completed, resumed.Outcome);
        var warning = Assert.Single(warnings.Messages);
        Assert.Contains($"{latest} failed verification (checksum mismatch", warning);
        Assert.EndsWith("resuming from the previous checkpoint (1 epochs)", warning);
        // Set aside, not deleted, and never read again: the next run finds the whole latest checkpoint.
        Assert.Equal(bytes, File.ReadAllBytes(latest + CheckpointGenerations.DamagedSuffix));
        Assert.Equal(3, CheckpointFile.ReadMetadata(latest).EpochsCompleted);
        Assert.Equal(TrainingOutcome.Completed,
            Trainer.Run(config, MethodRegistry.Create, run, warnings, catalog: TestData.Catalog).Outcome);
        Assert.Single(warnings.Messages);

        // Epoch 2 trained again from epoch 1's checkpoint replays the same batches: the weights of an unbroken run.
        using var a = Load(straight);
        using var b = Load(run);
        var left = a.Module.state_dict();
        var right = b.Module.state_dict();
        Assert.All(left.Keys, key => Assert.True(TensorAssert.Same(left[key], right[key]), $"{key} differs"));
    }

    [Fact]
    public void InvalidConfigurationNamesTheField()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Trainer.Run(Small(100) with { BatchSize = 0 }, MethodRegistry.Create, TestData.NewScratchFolder(),
                catalog: TestData.Catalog));
        Assert.StartsWith("training: batch_size = '0' is out of range", error.Message);
    }

    private static TrainedModel Load(string run) =>
        TrainedModel.Load(Path.Combine(run, CheckpointFile.FileName), MethodRegistry.Create, torch.CPU);

    private sealed class Warnings : ITrainingObserver
    {
        public List<string> Messages { get; } = [];

        public void OnStep(StepProgress progress) { }

        public void OnEpoch(EpochReport report) { }

        public void OnWarning(string message) => Messages.Add(message);
    }

    private sealed class StopAfterEpoch(int epoch, CancellationTokenSource source) : ITrainingObserver
    {
        public void OnStep(StepProgress progress) { }

        public void OnEpoch(EpochReport report)
        {
            if (report.Epoch == epoch) source.Cancel();
        }
    }
}
