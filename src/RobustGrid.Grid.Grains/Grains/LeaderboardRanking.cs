using RobustGrid.Grid.Grains.Statistics;

namespace RobustGrid.Grid.Grains.Grains;

/// <summary>
/// Pure ranking logic of a leaderboard: filter, optionally group seeds, sort, take top-k. Only the ranked value is
/// computed for every candidate; full rows (metric means, seeds, checkpoints) are built for the top-k alone, so a
/// ranking over thousands of entries costs one pass and a sort of doubles. Ties break by config key (or trial id), so
/// the same board always gives the same page. Grouped rows also carry their paired comparison with the best row and,
/// when the query names one, with the baseline method's best row, so every client shows the same marks.
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
                // The same configuration under another protocol is another row (the key sorts blind first on ties).
                var key = e.Protocol == LeaderboardProtocols.Blind ? e.ConfigKey : $"{e.ConfigKey} {e.Protocol}";
                if (!groups.TryGetValue(key, out var g)) groups[key] = g = [];
                g.Add(e);
            }
            candidates = [.. groups.Select(g =>
                (MeanBySeed(g.Value, query.Metric), g.Key, (List<LeaderboardEntry>?)g.Value, (LeaderboardEntry?)null))];
        }
        else
        {
            candidates = [.. filtered.Select(
                e => (e.Metrics[query.Metric], e.TrialId, (List<LeaderboardEntry>?)null, (LeaderboardEntry?)e))];
        }
        candidates.Sort((a, b) => Compare(lower, a.Value, a.Key, b.Value, b.Key));
        var rows =
            candidates.Take(top).Select((c, i) => Row(c.Group ?? [c.Single!], query.Metric) with { Rank = i + 1 })
            .ToArray();
        if (!query.GroupSeeds || rows.Length == 0) return rows;
        var best = Reference(candidates[0].Group!, 1, query.Metric);
        var baselineIndex = query.Baseline is null ? -1
            : candidates.FindIndex(c => c.Group![0].Method == query.Baseline);
        var baseline = baselineIndex < 0
            ? null
            : Reference(candidates[baselineIndex].Group!, baselineIndex + 1, query.Metric);
        return [.. rows.Select((row, i) => row with
        {
            VersusBest = i == 0 ? null : Against(candidates[i].Group!, best, query.Metric, lower),
            VersusBaseline = baseline is null || i == baselineIndex
                ? null
                : Against(candidates[i].Group!, baseline, query.Metric, lower),
        })];
    }

    private sealed record ComparisonReference(int Rank, string Method, Dictionary<long, double> BySeed);

    private static ComparisonReference Reference(List<LeaderboardEntry> group, int rank, string metric) =>
        new(rank, group[0].Method, BySeed(group, metric));

    private static SeedComparison Against(List<LeaderboardEntry> group, ComparisonReference reference, string metric,
        bool lowerIsBetter) =>
        PairedComparison.Compare(BySeed(group, metric), reference.BySeed, reference.Rank, reference.Method,
            lowerIsBetter);

    // A configuration has one entry per seed; should a seed repeat, its latest recorded value stands.
    private static Dictionary<long, double> BySeed(List<LeaderboardEntry> group, string metric)
    {
        var values = new Dictionary<long, double>();
        foreach (var e in group.OrderBy(e => e.RecordedAt)) values[e.Seed] = e.Metrics[metric];
        return values;
    }

    /// <summary>
    /// Whether the entry is a candidate of the query: it has the metric and passes the method/model/sweep/protocol
    /// filters.
    /// </summary>
    public static bool Matches(LeaderboardQuery query, LeaderboardEntry e) =>
        e.Metrics.ContainsKey(query.Metric)
        && (query.Method is null || e.Method == query.Method)
        && (query.Model is null || e.Model == query.Model)
        && (query.SweepId is null || e.SweepId == query.SweepId)
        && (query.Protocol is null || e.Protocol == query.Protocol);

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
        return new LeaderboardRow(0, first.Model, first.Method, first.ConfigKey, parameters,
            [.. group.Select(e => e.Seed)],
            [.. group.Select(e => e.TrialId)], mean, std, metricMeans, [.. group.Select(e => e.CheckpointPath)],
            Protocol: first.Protocol, ImportedSha256: first.ImportedSha256);
    }
}
