using System.Diagnostics;
using System.Globalization;
using RobustGrid.Tests.Shared;
using RobustGrid.Training.Checkpoints;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// The full-disk drill: a real training whose run folder is on a small tmpfs, sized so that the third epoch's
/// checkpoint does not fit. The training stops with a clear error, the checkpoints already written stay whole, and the
/// same command resumes once the file system has room again.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DiskFullDrillTests : IDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(2);

    private readonly string _root = TestData.NewScratchFolder("disk-full-");
    private bool _mounted;

    private string Mount => Path.Combine(_root, "tmpfs");

    private static string[] Train(int epochs, string output) =>
    [
        "train", "--dataset", "fashion-mnist", "--model", "small-cnn",
        "--epochs", epochs.ToString(CultureInfo.InvariantCulture),
        "--train-limit", "256", "--test-limit", "64", "--batch-size", "64", "--threads", "1", "--out", output,
    ];

    [RootFact]
    public async Task ACheckpointThatDoesNotFitStopsTheTrainingAndItResumesWhenSpaceReturns()
    {
        // The size of one checkpoint of this training, from a one-epoch run on the ordinary disk.
        var sizing = Path.Combine(_root, "sizing");
        var (exit, output) = await Cli(Train(1, sizing));
        Assert.True(exit == 0, output);
        var size = new FileInfo(Path.Combine(sizing, CheckpointFile.FileName)).Length;

        // Room for two and a half checkpoints: epoch 2's is written beside epoch 1's, epoch 3's not beside both.
        Directory.CreateDirectory(Mount);
        Run("mount", "-t", "tmpfs", "-o", $"size={size * 5 / 2}", "tmpfs", Mount);
        _mounted = true;
        var run = Path.Combine(Mount, "run");
        var latest = Path.Combine(run, CheckpointFile.FileName);
        var previous = CheckpointGenerations.PreviousOf(latest);
        (exit, output) = await Cli(Train(3, run));
        Assert.True(exit == 1, output);
        Assert.Contains($"error: could not write checkpoint {latest}: No space left on device", output);
        Assert.Contains("the checkpoint written before it is kept", output);
        Assert.DoesNotContain("   at ", output);
        // Both generations are whole and nothing half-written is left.
        Assert.Equal(2, CheckpointFile.ReadMetadata(latest).EpochsCompleted);
        Assert.Equal(1, CheckpointFile.ReadMetadata(previous).EpochsCompleted);
        Assert.Equal([Path.GetFileName(previous), Path.GetFileName(latest)],
            Directory.GetFiles(run).Select(Path.GetFileName).Order());
        var before = CheckpointFile.ReadMetadata(latest).History;

        // Space returns: the same command resumes after epoch 2 (its first two epochs are the ones recorded before).
        Run("mount", "-o", $"remount,size={size * 4}", Mount);
        (exit, output) = await Cli(Train(3, run));
        Assert.True(exit == 0, output);
        var after = CheckpointFile.ReadMetadata(latest);
        Assert.Equal(3, after.EpochsCompleted);
        Assert.Equal(before, after.History.Take(2));
        Assert.Equal(2, CheckpointFile.ReadMetadata(previous).EpochsCompleted);
    }

    /// <summary>Wide enough that the full-disk error, which names the checkpoint and its temporary file under the
    /// scratch folder, stays on one line.</summary>
    private static Task<(int ExitCode, string Output)> Cli(string[] args) =>
        CliProcess.RunAsync(new Dictionary<string, string> { ["COLUMNS"] = "1000" }, Step, args);

    private static void Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)}: {process.ExitCode}, {output}");
    }

    public void Dispose()
    {
        if (_mounted) Run("umount", Mount);
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
