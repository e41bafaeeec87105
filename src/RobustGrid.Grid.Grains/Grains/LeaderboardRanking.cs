namespace RobustGrid.Grid.Grains.Grains;

/// <summary>Pure ranking logic of a leaderboard: filter, optionally group seeds, sort, take top-k.</summary>
public static class LeaderboardRanking
{
    public static LeaderboardRow[] Rank(IEnumerable<LeaderboardEntry> entries, LeaderboardQuery query)
    {
        var lower = query.LowerIsBetter ?? MetricNames.LowerIsBetter(query.Metric);
        var filtered = entries.Where(e => e.Metrics.ContainsKey(query.Metric)
            && (query.Method is null || e.Method == query.Method)
            && (query.Model is null || e.Model == query.Model)
            && (query.SweepId is null || e.SweepId == query.SweepId));
        var groups = query.GroupSeeds
            ? filtered.GroupBy(e => e.ConfigKey).Select(g => g.OrderBy(e => e.Seed).ToList())
            : filtered.Select(e => new List<LeaderboardEntry> { e });
        var rows = groups.Select(g => Row(g, query.Metric)).ToList();
        rows.Sort((a, b) => lower ? a.Mean.CompareTo(b.Mean) : b.Mean.CompareTo(a.Mean));
        return [.. rows.Take(Math.Max(0, query.Top)).Select((r, i) => r with { Rank = i + 1 })];
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
