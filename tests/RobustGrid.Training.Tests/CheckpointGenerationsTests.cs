using RobustGrid.Tests.Shared;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Training;
using TorchSharp;

namespace RobustGrid.Training.Tests;

/// <summary>The two checkpoint generations of a run folder, on real files.</summary>
public sealed class CheckpointGenerationsTests
{
    private static readonly TrainingConfig Config = new() { Dataset = "fashion-mnist", Epochs = 5 };

    private static void Save(string path, int epochs)
    {
        using var module = torch.nn.Linear(2, 2);
        var metadata = new CheckpointMetadata(Config, epochs, epochs * 10L, [], "small-cnn", 1, 10, 28, [0.5], [0.5],
            DateTime.UtcNow);
        CheckpointFile.Save(path, metadata, module, optimizer: null);
    }

    private static int Epochs(string path) => CheckpointFile.ReadMetadata(path).EpochsCompleted;

    private static void FlipAByte(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(path, bytes);
    }

    [Fact]
    public void EachSaveKeepsTheCheckpointItReplacesAsThePreviousGeneration()
    {
        var run = TestData.NewScratchFolder();
        var latest = Path.Combine(run, CheckpointFile.FileName);
        foreach (var epochs in (int[])[1, 2, 3]) Save(latest, epochs);

        Assert.Equal((3, 2), (Epochs(latest), Epochs(CheckpointGenerations.PreviousOf(latest))));
        Assert.Equal(["checkpoint.previous.rgck", "checkpoint.rgck"],
            Directory.GetFiles(run).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void ADamagedLatestCheckpointNeverReplacesThePreviousGeneration()
    {
        var latest = Path.Combine(TestData.NewScratchFolder(), CheckpointFile.FileName);
        Save(latest, 1);
        Save(latest, 2);
        FlipAByte(latest);
        Save(latest, 3);

        Assert.Equal((3, 1), (Epochs(latest), Epochs(CheckpointGenerations.PreviousOf(latest))));
    }

    [Fact]
    public void WithBothGenerationsDamagedTheRunStartsFromScratchAndSaysSo()
    {
        var run = TestData.NewScratchFolder();
        var latest = Path.Combine(run, CheckpointFile.FileName);
        Save(latest, 1);
        Save(latest, 2);
        FlipAByte(latest);
        FlipAByte(CheckpointGenerations.PreviousOf(latest));

        var resume = CheckpointGenerations.FindResumable(latest);

        Assert.Null(resume.Checkpoint);
        Assert.Equal([latest, CheckpointGenerations.PreviousOf(latest)], resume.SetAside.Select(d => d.Path));
        Assert.EndsWith("no checkpoint is left that verifies: starting from scratch", resume.Warning);
        Assert.Equal(["checkpoint.previous.rgck.damaged", "checkpoint.rgck.damaged"],
            Directory.GetFiles(run).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void ACrashBetweenTheTwoRenamesOfASaveResumesFromThePreviousGeneration()
    {
        var latest = Path.Combine(TestData.NewScratchFolder(), CheckpointFile.FileName);
        Save(latest, 1);
        Save(latest, 2);
        // What the first rename of the next save leaves until the second one: the latest moved to previous.
        File.Move(latest, CheckpointGenerations.PreviousOf(latest), overwrite: true);

        var resume = CheckpointGenerations.FindResumable(latest);

        Assert.Equal(2, resume.Checkpoint?.Metadata.EpochsCompleted);
        Assert.Empty(resume.SetAside);
        Assert.Null(resume.Warning);
    }
}
