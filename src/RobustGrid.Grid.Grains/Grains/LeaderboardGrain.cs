using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using RobustGrid.Grid.Grains.Storage;

namespace RobustGrid.Grid.Grains.Grains;

/// <summary>
/// One (dataset, suite) leaderboard, updated live as evaluations finish. Entries are persisted in segments of
/// <see cref="SegmentSize"/>, so recording one rewrites one segment, not the board. Queries are answered from the
/// in-memory entries and a page cache that a write invalidates only where it can change the ranking; the grain is
/// reentrant and queries interleave, so they never wait for a write to reach storage.
/// </summary>
[Reentrant]
public sealed class LeaderboardGrain(
    [PersistentState("leaderboard", GridStorageNames.Grid)] IPersistentState<LeaderboardGrainState> state)
        : Grain, ILeaderboardGrain
{
    public const int SegmentSize = 32;

    /// <summary>Segment i is stored as state "{EntriesStateName}.{i:D5}" of this grain.</summary>
    public const string EntriesStateName = "leaderboard-entries";

    private readonly CoalescingWriter _writer = new(() => state.WriteStateAsync());
    private readonly Dictionary<string, LeaderboardEntry> _entries = [];
    private readonly Dictionary<string, SegmentPosition> _positions = [];
    private readonly Dictionary<string, List<LeaderboardEntry>> _byConfig = [];
    private readonly LeaderboardPageCache _pages = new(256);
    private readonly SortedSet<string> _metricNames = new(StringComparer.Ordinal);
    private SegmentedList<LeaderboardEntry> _log = null!;
    private string[] _metrics = [];
    private string _dataset = "";
    private string _suite = "";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        // A folder dataset's name holds slashes; a suite's never does.
        var cut = key.LastIndexOf('/');
        (_dataset, _suite) = (key[..cut], key[(cut + 1)..]);
        var storage = ServiceProvider.GetRequiredKeyedService<IGrainStorage>(GridStorageNames.Grid);
        _log = new SegmentedList<LeaderboardEntry>(storage, this.GetGrainId(), EntriesStateName, SegmentSize,
            PersistSegmentCount);
        await _log.LoadAsync(state.State.Segments);
        foreach (var (position, entry) in _log.Items)
        {
            _positions[entry.TrialId] = position;
            Index(entry, null);
        }
    }

    private Task PersistSegmentCount()
    {
        state.State.Segments = Math.Max(state.State.Segments, _log.SegmentCount);
        return _writer.FlushAsync();
    }

    public async Task Record(LeaderboardEntry entry)
    {
        var (position, previous) = Put(entry);
        // Decided before the await: the grain is reentrant, and two first entries racing would both see a count of 2.
        var firstEntry = previous is null && _entries.Count == 1;
        await _log.FlushAsync(position);
        if (firstEntry) await GrainFactory.GetGrain<ILeaderboardIndexGrain>(0).Add(entry.Dataset, entry.Suite);
    }

    /// <summary>Adds or replaces the entry in memory (synchronously, on this turn) and in its segment.</summary>
    private (SegmentPosition Position, LeaderboardEntry? Previous) Put(LeaderboardEntry entry)
    {
        _entries.TryGetValue(entry.TrialId, out var previous);
        if (_positions.TryGetValue(entry.TrialId, out var position)) _log.Replace(position, entry);
        else _positions[entry.TrialId] = position = _log.Append(entry);
        Index(entry, previous);
        _pages.OnRecorded(entry, previous, config => _byConfig.TryGetValue(config, out var list) ? list : []);
        return (position, previous);
    }

    private void Index(LeaderboardEntry entry, LeaderboardEntry? previous)
    {
        _entries[entry.TrialId] = entry;
        if (previous is not null && _byConfig.TryGetValue(previous.ConfigKey, out var old)) old.Remove(previous);
        if (!_byConfig.TryGetValue(entry.ConfigKey, out var group)) _byConfig[entry.ConfigKey] = group = [];
        group.Add(entry);
        var added = false;
        foreach (var metric in entry.Metrics.Keys) added |= _metricNames.Add(metric);
        if (added) _metrics = [.. _metricNames];
    }

    public Task<LeaderboardPage> Query(LeaderboardQuery query)
    {
        if (!_pages.TryGet(query, out var rows))
        {
            rows = LeaderboardRanking.Rank(_entries.Values, query);
            _pages.Add(query, rows);
        }
        return Task.FromResult(new LeaderboardPage(_dataset, _suite, query.Metric,
            query.LowerIsBetter ?? MetricNames.LowerIsBetter(query.Metric), _entries.Count, rows, _metrics));
    }

    public Task<int> Count() => Task.FromResult(_entries.Count);

    public Task<ParetoPage> QueryPareto(ParetoQuery query)
    {
        var (configurations, rows) = LeaderboardPareto.Front(_entries.Values, query);
        return Task.FromResult(new ParetoPage(_dataset, _suite, query.Metrics,
            [.. query.Metrics.Select((_, m) => query.LowerIsBetterAt(m))], _entries.Count, configurations, rows,
            _metrics));
    }
}
