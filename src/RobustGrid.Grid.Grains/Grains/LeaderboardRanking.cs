namespace RobustGrid.Grid.Grains.Grains;

/// <summary>
/// Pure ranking logic of a leaderboard: filter, optionally group seeds, sort, take top-k. Only the ranked value is
/// computed for every candidate; full rows (metric means, seeds, checkpoints) are built for the top-k alone, so a
/// ranking over thousands of entries costs one pass and a sort of doubles. Ties break by config key (or trial id), so
/// the same board always gives the same page.
/// </summary>
public static class LeaderboardRanking
{
    public static LeaderboardRow[] Rank(IEnumerable<LeaderboardEntry> entries, LeaderboardQuery query)
    {
        var top = Math.Max(0, query.Top);
        var lower = query.LowerIsBetter ?? MetricNames.LowerIsBetter(query.Metric);
        var filtered = entries.Where(e => Matches(query, e));
        List<(double Value, string Key, List<LeaderboardEntry>? Group, LeaderboardEntry? Single)> candidates;
        if (query.GroupSeeds)
        {
            var groups = new Dictionary<string, List<LeaderboardEntry>>(StringComparer.Ordinal);
            foreach (var e in filtered)
            {
                if (!groups.TryGetValue(e.ConfigKey, out var g)) groups[e.ConfigKey] = g = [];
                g.Add(e);
            }
            candidates = [.. groups.Select(g => (MeanBySeed(g.Value, query.Metric), g.Key, (List<LeaderboardEntry>?)g.Value, (LeaderboardEntry?)null))];
        }
        else
        {
            candidates = [.. filtered.Select(e => (e.Metrics[query.Metric], e.TrialId, (List<LeaderboardEntry>?)null, (LeaderboardEntry?)e))];
        }
        candidates.Sort((a, b) => Compare(lower, a.Value, a.Key, b.Value, b.Key));
        return [.. candidates.Take(top).Select((c, i) => Row(c.Group ?? [c.Single!], query.Metric) with { Rank = i + 1 })];
    }

    /// <summary>Whether the entry is a candidate of the query: it has the metric and passes the method/model/sweep filters.</summary>
    public static bool Matches(LeaderboardQuery query, LeaderboardEntry e) =>
        e.Metrics.ContainsKey(query.Metric)
        && (query.Method is null || e.Method == query.Method)
        && (query.Model is null || e.Model == query.Model)
        && (query.SweepId is null || e.SweepId == query.SweepId);

    /// <summary>The board's order: better value first, then config key (grouped) or trial id, ordinal.</summary>
    public static int Compare(bool lowerIsBetter, double a, string aKey, double b, string bKey)
    {
        var byValue = lowerIsBetter ? a.CompareTo(b) : b.CompareTo(a);
        return byValue != 0 ? byValue : string.CompareOrdinal(aKey, bKey);
    }

    /// <summary>The group's mean, summed in seed order so that it equals the row's Mean to the last bit.</summary>
    public static double MeanBySeed(List<LeaderboardEntry> group, string metric)
    {
        group.Sort((a, b) => a.Seed.CompareTo(b.Seed));
        return group.Average(e => e.Metrics[metric]);
    }

    private static LeaderboardRow Row(List<LeaderboardEntry> group, string metric)
    {
        var values = group.Select(e => e.Metrics[metric]).ToArray();
        var mean = values.Average();
        // Sample standard deviation across seeds (0 for a single seed).
        var std = values.Length > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1)) : 0;
        var metricMeans = group.SelectMany(e => e.Metrics.Keys).Distinct()
            .ToDictionary(k => k, k => group.Where(e => e.Metrics.ContainsKey(k)).Average(e => e.Metrics[k]));
        var first = group[0];
        var parameters = first.Parameters;
        return new LeaderboardRow(0, first.Model, first.Method, first.ConfigKey, parameters, [.. group.Select(e => e.Seed)],
            [.. group.Select(e => e.TrialId)], mean, std, metricMeans, [.. group.Select(e => e.CheckpointPath)]);
    }
}
