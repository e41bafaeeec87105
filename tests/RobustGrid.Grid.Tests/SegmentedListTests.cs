using Orleans.Storage;
using RobustGrid.Grid.Grains.Storage;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// The segmented list behind the leaderboard: items go to fixed-size segments, each stored as its own record, so a
/// write rewrites one segment only. A recording in-memory storage shows which records each flush writes and with what.
/// </summary>
public sealed class SegmentedListTests
{
    private static readonly GrainId Grain = GrainId.Create("leaderboard", "test");

    /// <summary>In-memory storage that logs every write (record name, items as serialised) and can hold writes
    /// open.</summary>
    private sealed class RecordingStorage : IGrainStorage
    {
        private readonly Dictionary<string, (List<string> Items, string ETag)> _records = [];
        private int _etags;

        public List<(string Name, List<string> Items, string? ETagIn, bool ExistedIn)> Writes { get; } = [];

        public List<string> Events { get; } = [];

        public TaskCompletionSource? Gate { get; set; }

        public void Seed(string name, params string[] items) => _records[name] = ([.. items], $"seed-{name}");

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            Assert.Equal(Grain, grainId);
            if (_records.TryGetValue(stateName, out var record))
            {
                ((StateSegment<string>)(object)grainState.State!).Items = [.. record.Items];
                grainState.ETag = record.ETag;
                grainState.RecordExists = true;
            }
            return Task.CompletedTask;
        }

        public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            Assert.Equal(Grain, grainId);
            Events.Add($"write {stateName}");
            var etagIn = grainState.ETag;
            var existed = grainState.RecordExists;
            // Real providers may serialise after an await; read the items only once the gate opens.
            if (Gate is { } gate) await gate.Task;
            var items = ((StateSegment<string>)(object)grainState.State!).Items.ToList();
            Writes.Add((stateName, items, etagIn, existed));
            var etag = $"e{++_etags}";
            _records[stateName] = (items, etag);
            grainState.ETag = etag;
            grainState.RecordExists = true;
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            throw new NotSupportedException();
    }

    private static SegmentedList<string> List(RecordingStorage storage, int segmentSize,
        Func<Task>? persistCount = null) =>
        new(storage, Grain, "entries", segmentSize, persistCount ?? (() => Task.CompletedTask));

    [Fact]
    public void StateNamesArePaddedSoTheyAreStableForStoredFiles()
    {
        // FileStateUpgrade and stored leaderboards name segment files this way; a change orphans stored segments.
        Assert.Equal("entries.00000", SegmentedList<string>.StateName("entries", 0));
        Assert.Equal("entries.00012", SegmentedList<string>.StateName("entries", 12));
    }

    [Fact]
    public void AppendFillsASegmentBeforeOpeningTheNext()
    {
        var list = List(new RecordingStorage(), segmentSize: 3);
        Assert.Equal(0, list.SegmentCount);
        var positions = Enumerable.Range(0, 7).Select(i => list.Append($"item{i}")).ToList();
        Assert.Equal(
            [new(0, 0), new(0, 1), new(0, 2), new(1, 0), new(1, 1), new(1, 2), new(2, 0)],
            positions);
        Assert.Equal(3, list.SegmentCount);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => (positions[i], $"item{i}")), list.Items);
    }

    [Fact]
    public async Task FlushWritesOnlyTheSegmentOfTheItem()
    {
        var storage = new RecordingStorage();
        var list = List(storage, segmentSize: 2);
        foreach (var item in new[] { "a", "b", "c", "d", "e" }) list.Append(item);

        await list.FlushAsync(new SegmentPosition(1, 1));
        var write = Assert.Single(storage.Writes);
        Assert.Equal("entries.00001", write.Name);
        Assert.Equal(["c", "d"], write.Items);

        await list.FlushAsync(new SegmentPosition(2, 0));
        Assert.Equal("entries.00002", storage.Writes[1].Name);
        Assert.Equal(["e"], storage.Writes[1].Items);
        Assert.Equal(2, storage.Writes.Count); // segment 0 was never flushed, so never written
    }

    [Fact]
    public async Task ReplaceIsWrittenWithItsSegment()
    {
        var storage = new RecordingStorage();
        var list = List(storage, segmentSize: 2);
        list.Append("a");
        var b = list.Append("b");
        list.Replace(b, "B");
        await list.FlushAsync(b);
        Assert.Equal(["a", "B"], Assert.Single(storage.Writes).Items);
        Assert.Equal(["a", "B"], list.Items.Select(x => x.Item));
    }

    [Fact]
    public async Task SegmentCountIsPersistedOnceBeforeEachNewSegmentsFirstWrite()
    {
        var storage = new RecordingStorage();
        var counts = 0;
        SegmentedList<string> list = null!;
        list = List(storage, segmentSize: 2, persistCount: () =>
        {
            counts++;
            storage.Events.Add($"count {list.SegmentCount}");
            return Task.CompletedTask;
        });
        var first = list.Append("a");
        await list.FlushAsync(first);
        await list.FlushAsync(list.Append("b"));
        var third = list.Append("c"); // opens segment 1
        await list.FlushAsync(third);
        await list.FlushAsync(third);

        Assert.Equal(2, counts);
        // The count must be durable before the segment: a crash in between would otherwise leave a segment that
        // activation never reads.
        Assert.Equal(["count 1", "write entries.00000", "write entries.00000", "count 2", "write entries.00001",
            "write entries.00001"], storage.Events);
    }

    [Fact]
    public async Task LoadReadsEverySegmentAndAppendsContinueInTheLastOne()
    {
        var storage = new RecordingStorage();
        storage.Seed("entries.00000", "a", "b");
        storage.Seed("entries.00001", "c");
        var counts = 0;
        var list = List(storage, segmentSize: 2, persistCount: () => { counts++; return Task.CompletedTask; });
        await list.LoadAsync(2);

        Assert.Equal(2, list.SegmentCount);
        Assert.Equal([(new SegmentPosition(0, 0), "a"), (new(0, 1), "b"), (new(1, 0), "c")], list.Items);
        var d = list.Append("d");
        Assert.Equal(new SegmentPosition(1, 1), d);
        await list.FlushAsync(d);

        // Loaded segments are already counted by the owner, and the write replaces the stored record (its ETag).
        Assert.Equal(0, counts);
        var write = Assert.Single(storage.Writes);
        Assert.Equal(("entries.00001", "seed-entries.00001", true), (write.Name, write.ETagIn, write.ExistedIn));
        Assert.Equal(["c", "d"], write.Items);
    }

    [Fact]
    public async Task EachWriteCarriesTheETagOfThePreviousOne()
    {
        var storage = new RecordingStorage();
        var list = List(storage, segmentSize: 4);
        var a = list.Append("a");
        await list.FlushAsync(a);
        await list.FlushAsync(list.Append("b"));
        // First write creates the record; the second must present the ETag the first got, or an ETag-checking
        // provider (Redis) refuses it as a conflict.
        Assert.Equal((null, false), (storage.Writes[0].ETagIn, storage.Writes[0].ExistedIn));
        Assert.Equal(("e1", true), (storage.Writes[1].ETagIn, storage.Writes[1].ExistedIn));
    }

    [Fact]
    public async Task ConcurrentFlushesOfOneSegmentShareAWriteAndLoseNothing()
    {
        var storage = new RecordingStorage { Gate = new TaskCompletionSource() };
        var list = List(storage, segmentSize: 10);
        var flushes = new List<Task>();
        await CoalescingWriterTests.OnGrainScheduler(() =>
        {
            flushes.Add(list.FlushAsync(list.Append("a")));
            // Appended while the first write is held in the storage provider.
            flushes.Add(list.FlushAsync(list.Append("b")));
            flushes.Add(list.FlushAsync(list.Append("c")));
            return Task.CompletedTask;
        });
        Assert.Equal(["write entries.00000"], storage.Events);

        var gate = storage.Gate;
        storage.Gate = null;
        gate.SetResult();
        await Task.WhenAll(flushes).WaitAsync(TimeSpan.FromSeconds(10));

        // The first write persists a copy taken when it started, even though the provider read it after b and c
        // were appended; b and c share one more write.
        Assert.Equal(2, storage.Writes.Count);
        Assert.Equal(["a"], storage.Writes[0].Items);
        Assert.Equal(["a", "b", "c"], storage.Writes[1].Items);
    }

    [Fact]
    public async Task FlushesOfDifferentSegmentsWriteIndependently()
    {
        var storage = new RecordingStorage { Gate = new TaskCompletionSource() };
        var list = List(storage, segmentSize: 1);
        var flushes = new List<Task>();
        await CoalescingWriterTests.OnGrainScheduler(() =>
        {
            flushes.Add(list.FlushAsync(list.Append("a")));
            flushes.Add(list.FlushAsync(list.Append("b")));
            return Task.CompletedTask;
        });
        // Segment 1's write does not wait behind segment 0's: each segment has its own writer.
        Assert.Equal(["write entries.00000", "write entries.00001"], storage.Events);
        storage.Gate.SetResult();
        await Task.WhenAll(flushes).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([("entries.00000", "a"), ("entries.00001", "b")],
            storage.Writes.Select(w => (w.Name, Assert.Single(w.Items))).Order());
    }
}
