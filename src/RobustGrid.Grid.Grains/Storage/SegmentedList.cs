using Orleans.Storage;

namespace RobustGrid.Grid.Grains.Storage;

/// <summary>
/// A grain's growing list persisted as fixed-size segments, each its own state record ("{name}.{segment}") in the
/// grain's storage provider (file, Redis or memory). Writing one item rewrites only its segment, so the cost of a write
/// does not grow with the list; concurrent writes to one segment share a write (CoalescingWriter).
/// The owner persists the segment count in its own small state (written before a new segment's first write), so
/// every stored segment is found on activation. Used only on the grain's scheduler.
/// </summary>
internal sealed class SegmentedList<T>(IGrainStorage storage, GrainId grainId, string name, int segmentSize,
    Func<Task> persistSegmentCount)
{
    private sealed class Segment
    {
        public required int Index { get; init; }

        public required GrainState<StateSegment<T>> Stored { get; init; }

        public List<T> Live { get; init; } = [];

        public CoalescingWriter? Writer { get; set; }

        /// <summary>The owner's stored segment count includes this segment.</summary>
        public bool Counted { get; set; }
    }

    private readonly List<Segment> _segments = [];

    public int SegmentCount => _segments.Count;

    public IEnumerable<(SegmentPosition Position, T Item)> Items =>
        _segments.SelectMany(s => s.Live.Select((item, i) => (new SegmentPosition(s.Index, i), item)));

    public async Task LoadAsync(int segments)
    {
        for (var i = 0; i < segments; i++)
        {
            var stored = new GrainState<StateSegment<T>>(new StateSegment<T>());
            await storage.ReadStateAsync(StateName(i), grainId, stored);
            var items = stored.State?.Items ?? [];
            _segments.Add(Attach(new Segment { Index = i, Stored = stored, Live = [.. items], Counted = true }));
        }
    }

    /// <summary>Adds an item to the open segment (a new one when it is full); FlushAsync makes it durable.</summary>
    public SegmentPosition Append(T item)
    {
        if (_segments.Count == 0 || _segments[^1].Live.Count >= segmentSize)
            _segments.Add(Attach(new Segment
            {
                Index = _segments.Count,
                Stored = new GrainState<StateSegment<T>>(new StateSegment<T>()),
            }));
        var open = _segments[^1];
        open.Live.Add(item);
        return new SegmentPosition(open.Index, open.Live.Count - 1);
    }

    public void Replace(SegmentPosition position, T item) => _segments[position.Segment].Live[position.Offset] = item;

    /// <summary>Returns once a write of the item's segment that started after this call has finished.</summary>
    public Task FlushAsync(SegmentPosition position) => _segments[position.Segment].Writer!.FlushAsync();

    private Segment Attach(Segment segment)
    {
        segment.Writer = new CoalescingWriter(() => Write(segment));
        return segment;
    }

    private async Task Write(Segment segment)
    {
        if (!segment.Counted)
        {
            await persistSegmentCount();
            segment.Counted = true;
        }
        // Serialise a copy taken on this turn: storage providers may serialise after an await, off the grain's
        // scheduler, while later turns append to the live list.
        var snapshot = new GrainState<StateSegment<T>>(new StateSegment<T> { Items = [.. segment.Live] },
            segment.Stored.ETag)
        {
            RecordExists = segment.Stored.RecordExists,
        };
        await storage.WriteStateAsync(StateName(segment.Index), grainId, snapshot);
        segment.Stored.ETag = snapshot.ETag;
        segment.Stored.RecordExists = true;
    }

    private string StateName(int segment) => StateName(name, segment);

    /// <summary>The state name of segment <paramref name="segment"/> of the list <paramref name="name"/>.</summary>
    public static string StateName(string name, int segment) => $"{name}.{segment:D5}";
}

/// <summary>Where an item of a <see cref="SegmentedList{T}"/> lives.</summary>
internal readonly record struct SegmentPosition(int Segment, int Offset);
