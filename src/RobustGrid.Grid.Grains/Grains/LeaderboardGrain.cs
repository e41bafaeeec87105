using RobustGrid.Grid.Grains.Storage;

namespace RobustGrid.Grid.Grains.Grains;

/// <summary>
/// One (dataset, suite) leaderboard, updated live as evaluations finish. Reentrant with a coalescing writer, so queries
/// are answered while a write is in flight; identical queries between two updates share one computed page.
/// </summary>
[Reentrant]
public sealed class LeaderboardGrain(
    [PersistentState("leaderboard", GridStorageNames.Grid)] IPersistentState<LeaderboardGrainState> state) : Grain, ILeaderboardGrain
{
    private readonly CoalescingWriter _writer = new(() => state.WriteStateAsync());
    private readonly Dictionary<LeaderboardQuery, LeaderboardPage> _cache = [];
    private string[]? _metrics;

    public async Task Record(LeaderboardEntry entry)
    {
        state.State.Entries[entry.TrialId] = entry;
        _cache.Clear();
        _metrics = null;
        var first = state.State.Entries.Count == 1;
        await _writer.FlushAsync();
        if (first) await GrainFactory.GetGrain<ILeaderboardIndexGrain>(0).Add(entry.Dataset, entry.Suite);
    }

    public Task<LeaderboardPage> Query(LeaderboardQuery query)
    {
        if (!_cache.TryGetValue(query, out var page))
        {
            var key = this.GetPrimaryKeyString();
            var cut = key.IndexOf('/');
            _metrics ??= [.. state.State.Entries.Values.SelectMany(e => e.Metrics.Keys).Distinct().Order(StringComparer.Ordinal)];
            page = new LeaderboardPage(key[..cut], key[(cut + 1)..], query.Metric, query.LowerIsBetter ?? MetricNames.LowerIsBetter(query.Metric),
                state.State.Entries.Count, LeaderboardRanking.Rank(state.State.Entries.Values, query), _metrics);
            if (_cache.Count > 256) _cache.Clear();
            _cache[query] = page;
        }
        return Task.FromResult(page);
    }

    public Task<int> Count() => Task.FromResult(state.State.Entries.Count);
}
