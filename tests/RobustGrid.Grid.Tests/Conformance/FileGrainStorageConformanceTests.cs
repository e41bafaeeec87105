using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using RobustGrid.Grid.Grains.Grains;
using RobustGrid.Grid.Grains.Storage;
using RobustGrid.Grid.Hosting;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests.Conformance;

/// <summary>
/// <see cref="FileGrainStorage"/> (embedded and localhost modes) against the conformance suite, built as
/// AddRobustGridFileStorage builds it (the grid's binary state serializer, fsync on), plus what its write-a-temporary-
/// file-and-rename design promises: a write killed before the rename leaves the previous state readable, and a damaged
/// file is refused with an error that names it rather than read as some other state.
/// </summary>
public sealed class FileGrainStorageConformanceTests : GrainStorageConformanceTests
{
    private static readonly IServiceProvider SerializerServices = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(LeaderboardIndexGrainState).Assembly))
        .BuildServiceProvider();

    private readonly string _root = TestData.NewScratchFolder("file-storage-");

    protected override Task<IGrainStorage> OpenProviderAsync() =>
        Task.FromResult<IGrainStorage>(new FileGrainStorage(GridStorageNames.Grid, _root,
            GridSiloBuilderExtensions.GridStateSerializer(SerializerServices), fsync: true));

    public override Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>The one state file of the only grain written under the root.</summary>
    private string OnlyStateFile() => Assert.Single(Directory.GetFiles(_root, "*.state", SearchOption.AllDirectories));

    [Theory]
    [InlineData(0)] // killed right after creating the temporary file
    [InlineData(7)] // killed inside the header
    [InlineData(40)] // killed inside the payload
    [InlineData(-1)] // killed after the flush, before the rename: a whole new file that never replaced the old one
    public async Task AWriteKilledBeforeItsRenameLeavesThePreviousState(int tempBytes)
    {
        var grain = NewGrain();
        var state = StateOf("committed");
        await Storage.WriteStateAsync(StateName, grain, state);
        var path = OnlyStateFile();
        var committedETag = state.ETag;

        // What StateFile.Write leaves when the process dies before File.Move: {path}.{pid}.{guid}.tmp beside the file.
        var next = StateOf("committed", "lost in the crash");
        var scratch = await OpenProviderAsync();
        await scratch.WriteStateAsync(StateName, NewGrain(), next);
        var whole = await File.ReadAllBytesAsync(
            Assert.Single(Directory.GetFiles(_root, "*.state", SearchOption.AllDirectories), f => f != path));
        var crashed = $"{path}.{Environment.ProcessId + 1}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllBytesAsync(crashed, tempBytes < 0 ? whole : whole[..Math.Min(tempBytes, whole.Length)]);

        var restarted = await OpenProviderAsync();
        var read = await ReadAsync(grain, restarted);

        Assert.True(read.RecordExists);
        Assert.Equal(committedETag, read.ETag);
        AssertKeys(read, "committed");
        // The leftover does not block the grain: its next write from the version it read goes through.
        read.State!.Keys.Add("after restart");
        await restarted.WriteStateAsync(StateName, grain, read);
        AssertKeys(await ReadAsync(grain, restarted), "committed", "after restart");
    }

    [Fact]
    public async Task AStateFileThatIsNotOneIsRefusedNamingTheFile()
    {
        var grain = NewGrain();
        await Storage.WriteStateAsync(StateName, grain, StateOf("fine"));
        var path = OnlyStateFile();
        await File.WriteAllBytesAsync(path, Encoding.ASCII.GetBytes("\0\0\0\0garbage from a bad disk"));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync(grain));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a RobustGrid state file", error.Message, StringComparison.Ordinal);
        // Nor is it overwritten blindly: the ETag check cannot read the damaged header either.
        await Assert.ThrowsAsync<InvalidDataException>(
            () => Storage.WriteStateAsync(StateName, grain, StateOf("blind")));
    }

    [Fact]
    public async Task AStateFileOfAnEarlierLayoutIsRefusedAsNotUpgraded()
    {
        var grain = NewGrain();
        await Storage.WriteStateAsync(StateName, grain, StateOf("fine"));
        var path = OnlyStateFile();
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[3] = (byte)'1'; // RGS2 -> RGS1: the header of the JSON layout FileStateUpgrade rewrites at silo start
        await File.WriteAllBytesAsync(path, bytes);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync(grain));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not upgraded", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A file whose payload lost its tail (a disk that dropped the last blocks, or fsync off and a power
    /// cut).</summary>
    private async Task<(GrainId Grain, string Path)> CutShortAsync(int cut)
    {
        var grain = NewGrain();
        await Storage.WriteStateAsync(StateName, grain, StateOf("a key long enough to cut through", "and another one"));
        var path = OnlyStateFile();
        var bytes = await File.ReadAllBytesAsync(path);
        var header = Array.IndexOf(bytes, (byte)'\n') + 1;
        await File.WriteAllBytesAsync(path,
            bytes[..(cut < 0 ? header + (bytes.Length - header) / 2 : bytes.Length - cut)]);
        return (grain, path);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(20)]
    [InlineData(-1)] // half the payload
    public async Task AStateFileCutShortIsRefused(int cut)
    {
        var (grain, _) = await CutShortAsync(cut);

        var error = await Record.ExceptionAsync(() => ReadAsync(grain));

        Assert.NotNull(error);
    }

    [Fact]
    public async Task AStateFileCutShortIsRefusedNamingTheFile()
    {
        var (grain, path) = await CutShortAsync(20);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync(grain));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
