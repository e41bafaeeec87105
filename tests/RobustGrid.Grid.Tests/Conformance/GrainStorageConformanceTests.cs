using Orleans.Storage;
using RobustGrid.Grid.Grains.Grains;
using RobustGrid.Grid.Grains.Storage;

namespace RobustGrid.Grid.Tests.Conformance;

/// <summary>
/// What every grain-storage provider of the grid has to do, after Orleans' own storage test kit
/// (GrainPersistenceTestsRunner): reads of missing state, round trips, ETags set on write and checked on the next one
/// (a stale or missing ETag is refused with <see cref="InconsistentStateException"/>), clear, and state that outlives
/// the provider instance. The grid's grains only ever see storage through these calls, so a provider that passes here
/// can stand in for another one under the grains. Concrete classes bind it to one provider as the silo builds it.
/// </summary>
public abstract class GrainStorageConformanceTests : IAsyncLifetime
{
    /// <summary>The state name the grid's grains use with their one provider.</summary>
    protected const string StateName = "conformance";

    private IGrainStorage? _storage;

    /// <summary>The provider of this test, opened in <see cref="InitializeAsync"/>.</summary>
    protected IGrainStorage Storage => _storage ?? throw new InvalidOperationException("not initialised");

    /// <summary>A new provider instance, built the way the silo builds it, over the store every instance of this test
    /// shares.</summary>
    protected abstract Task<IGrainStorage> OpenProviderAsync();

    public virtual async Task InitializeAsync() => _storage = await OpenProviderAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A grain no other test (or earlier run against the same store) has written.</summary>
    protected static GrainId NewGrain() => GrainId.Create("conformance", Guid.NewGuid().ToString("N"));

    protected static GrainState<LeaderboardIndexGrainState> StateOf(params string[] keys) =>
        new(new LeaderboardIndexGrainState { Keys = [.. keys] });

    protected async Task<GrainState<LeaderboardIndexGrainState>> ReadAsync(GrainId grain, IGrainStorage? storage = null,
        string stateName = StateName)
    {
        var state = new GrainState<LeaderboardIndexGrainState>();
        await (storage ?? Storage).ReadStateAsync(stateName, grain, state);
        return state;
    }

    protected static void AssertKeys(GrainState<LeaderboardIndexGrainState> state, params string[] keys) =>
        Assert.Equal(keys, state.State!.Keys);

    [Fact]
    public async Task ReadingStateNeverWrittenFindsNoRecord()
    {
        var state = await ReadAsync(NewGrain());

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
    }

    [Fact]
    public async Task WrittenStateReadsBackWithItsEtag()
    {
        var grain = NewGrain();
        var written = StateOf("cifar10/clean", "mnist/fgsm");

        await Storage.WriteStateAsync(StateName, grain, written);
        var read = await ReadAsync(grain);

        Assert.True(written.RecordExists);
        Assert.False(string.IsNullOrEmpty(written.ETag));
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        AssertKeys(read, "cifar10/clean", "mnist/fgsm");
    }

    [Fact]
    public async Task EachWriteWithTheCurrentEtagSucceedsAndMovesTheEtagOn()
    {
        var grain = NewGrain();
        var state = StateOf("a");
        await Storage.WriteStateAsync(StateName, grain, state);
        var first = state.ETag;

        state.State!.Keys.Add("b");
        await Storage.WriteStateAsync(StateName, grain, state);
        var second = state.ETag;
        state.State!.Keys.Add("c");
        await Storage.WriteStateAsync(StateName, grain, state);

        Assert.NotEqual(first, second);
        Assert.NotEqual(second, state.ETag);
        var read = await ReadAsync(grain);
        Assert.Equal(state.ETag, read.ETag);
        AssertKeys(read, "a", "b", "c");
    }

    [Fact]
    public async Task AWriteWithAStaleEtagIsRefusedAndKeepsTheNewerState()
    {
        var grain = NewGrain();
        await Storage.WriteStateAsync(StateName, grain, StateOf("first"));
        // Two activations read the same version; the first to write wins, the second holds a stale ETag.
        var winner = await ReadAsync(grain);
        var loser = await ReadAsync(grain);
        winner.State!.Keys.Add("winner");
        await Storage.WriteStateAsync(StateName, grain, winner);

        loser.State!.Keys.Add("loser");
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grain, loser));

        var read = await ReadAsync(grain);
        Assert.Equal(winner.ETag, read.ETag);
        AssertKeys(read, "first", "winner");
    }

    [Fact]
    public async Task AFirstWriteOverAnExistingRecordIsRefused()
    {
        var grain = NewGrain();
        await Storage.WriteStateAsync(StateName, grain, StateOf("existing"));

        // A writer that never read the record (ETag null) must not overwrite it blindly.
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.WriteStateAsync(StateName, grain, StateOf("blind")));

        AssertKeys(await ReadAsync(grain), "existing");
    }

    [Fact]
    public async Task ClearedStateReadsAsMissingAndCanBeWrittenAgain()
    {
        var grain = NewGrain();
        var state = StateOf("doomed");
        await Storage.WriteStateAsync(StateName, grain, state);

        await Storage.ClearStateAsync(StateName, grain, state);

        Assert.False(state.RecordExists);
        var read = await ReadAsync(grain);
        Assert.False(read.RecordExists);
        // A provider may delete the record (ETag null: the file store) or leave a tombstone with an ETag of its own
        // (the Redis provider unless DeleteOnClear): either way a read sees the ETag the clear left, and a write with
        // it is accepted.
        Assert.Equal(state.ETag, read.ETag);
        state.State = new LeaderboardIndexGrainState { Keys = ["reborn"] };
        await Storage.WriteStateAsync(StateName, grain, state);
        AssertKeys(await ReadAsync(grain), "reborn");
    }

    [Fact]
    public virtual async Task AClearWithAStaleEtagIsRefused()
    {
        var grain = NewGrain();
        var stale = StateOf("first");
        await Storage.WriteStateAsync(StateName, grain, stale);
        var current = await ReadAsync(grain);
        current.State!.Keys.Add("second");
        await Storage.WriteStateAsync(StateName, grain, current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grain, stale));

        AssertKeys(await ReadAsync(grain), "first", "second");
    }

    [Fact]
    public virtual async Task TwoStateNamesOfOneGrainAreStoredApart()
    {
        var grain = NewGrain();
        await Storage.WriteStateAsync("one", grain, StateOf("of one"));
        await Storage.WriteStateAsync("two", grain, StateOf("of two"));

        AssertKeys(await ReadAsync(grain, stateName: "one"), "of one");
        AssertKeys(await ReadAsync(grain, stateName: "two"), "of two");
    }

    [Fact]
    public async Task StateSurvivesANewProviderInstance()
    {
        var grain = NewGrain();
        var written = StateOf("durable");
        await Storage.WriteStateAsync(StateName, grain, written);

        var other = await OpenProviderAsync();
        var read = await ReadAsync(grain, other);

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        AssertKeys(read, "durable");
        // The ETag carries over too: the new instance accepts the next write from the version it read.
        read.State!.Keys.Add("again");
        await other.WriteStateAsync(StateName, grain, read);
        AssertKeys(await ReadAsync(grain), "durable", "again");
    }
}
