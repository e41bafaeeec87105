using static RobustGrid.Grid.Grains.Grains.LeaderboardRanking;

namespace RobustGrid.Grid.Grains.Grains;

/// <summary>
/// Ranked rows per query, kept across writes: a new or replaced entry drops only the pages it can change (it passes
/// the query's filter and is in the page, or sorts before the page's last row, or the page is not full). With
/// results streaming in, most writes leave most pages as they are, so a query is a dictionary lookup.
/// </summary>
internal sealed class LeaderboardPageCache(int capacity)
{
    private readonly Dictionary<LeaderboardQuery, LeaderboardRow[]> _pages = [];

    public bool TryGet(LeaderboardQuery query, out LeaderboardRow[] rows) => _pages.TryGetValue(query, out rows!);

    public void Add(LeaderboardQuery query, LeaderboardRow[] rows)
    {
        if (_pages.Count >= capacity) _pages.Clear();
        _pages[query] = rows;
    }

    /// <summary>
    /// Drops the pages that recording <paramref name="entry"/> (replacing <paramref name="previous"/>) may change.
    /// <paramref name="configEntries"/> gives every entry of a configuration, for the new mean of a grouped row.
    /// </summary>
    public void OnRecorded(LeaderboardEntry entry, LeaderboardEntry? previous,
        Func<string, IEnumerable<LeaderboardEntry>> configEntries)
    {
        List<LeaderboardQuery>? stale = null;
        foreach (var (query, rows) in _pages)
        {
            if (MayChange(query, rows, entry, previous, configEntries)) (stale ??= []).Add(query);
        }
        if (stale is null) return;
        foreach (var q in stale) _pages.Remove(q);
    }

    private static bool MayChange(LeaderboardQuery query, LeaderboardRow[] rows, LeaderboardEntry entry,
        LeaderboardEntry? previous, Func<string, IEnumerable<LeaderboardEntry>> configEntries)
    {
        var matches = Matches(query, entry);
        var previousMatched = previous is not null && Matches(query, previous);
        if (!matches && !previousMatched || query.Top <= 0) return false;
        if (rows.Length < query.Top || previous is not null && previous.ConfigKey != entry.ConfigKey) return true;
        // The baseline's best row, which every row is compared with, and its rank may lie beyond the page, where any
        // write can move them.
        if (query.Baseline is not null) return true;
        var last = rows[^1];
        if (query.GroupSeeds)
        {
            if (rows.Any(r => r.ConfigKey == entry.ConfigKey)) return true;
            var group = configEntries(entry.ConfigKey).Where(e => Matches(query, e)).ToList();
            return group.Count > 0 && SortsBefore(query, LeaderboardRanking.MeanBySeed(group, query.Metric),
                entry.ConfigKey, last.Mean, last.ConfigKey, isMean: true);
        }
        if (rows.Any(r => r.TrialIds.Contains(entry.TrialId))) return true;
        return matches && SortsBefore(query, entry.Metrics[query.Metric], entry.TrialId, last.Mean, last.TrialIds[0],
            isMean: false);
    }

    /// <summary>
    /// True when a row with this value and key would sort before the page's last row. NaN, and for a mean a near tie
    /// (a mean summed in another order may differ in the last bits), are left to a fresh ranking.
    /// </summary>
    private static bool SortsBefore(LeaderboardQuery query, double value, string key, double last, string lastKey,
        bool isMean)
    {
        if (double.IsNaN(value) || double.IsNaN(last)) return true;
        if (isMean && Math.Abs(value - last) <= 1e-12 * Math.Max(1, Math.Abs(last))) return true;
        var lower = query.LowerIsBetter ?? MetricNames.LowerIsBetter(query.Metric);
        return LeaderboardRanking.Compare(lower, value, key, last, lastKey) < 0;
    }
}
