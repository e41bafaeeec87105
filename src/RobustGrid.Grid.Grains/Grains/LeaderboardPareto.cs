using RobustGrid.Grid.Grains.Statistics;

namespace RobustGrid.Grid.Grains.Grains;

/// <summary>
/// The Pareto view of a leaderboard: entries grouped by configuration (and protocol) as the ranked board groups them,
/// each configuration's mean over seeds of every asked metric, and the configurations no other one dominates, by the
/// same <see cref="Pareto"/> sort the NSGA-II sampler uses. A configuration without every metric is left out.
/// </summary>
public static class LeaderboardPareto
{
    public static (int Configurations, ParetoRow[] Rows) Front(IEnumerable<LeaderboardEntry> entries,
        ParetoQuery query)
    {
        var filter = new LeaderboardQuery(query.Metrics[0], Method: query.Method, Model: query.Model,
            SweepId: query.SweepId, Protocol: query.Protocol);
        var groups = entries
            .Where(e => LeaderboardRanking.Matches(filter, e) && query.Metrics.All(e.Metrics.ContainsKey))
            .GroupBy(e => e.Protocol == LeaderboardProtocols.Blind ? e.ConfigKey : $"{e.ConfigKey} {e.Protocol}")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.OrderBy(e => e.Seed).ToList())
            .ToList();
        var rows = groups.Select(g => Row(g, query.Metrics)).ToList();
        var points = rows.Select(r => (IReadOnlyList<double>)[.. r.Means.Select(
            (mean, m) => query.LowerIsBetterAt(m) ? mean : -mean)]).ToList();
        var front = Pareto.Front(points)
            .OrderBy(i => points[i][0])
            .ThenBy(i => rows[i].ConfigKey, StringComparer.Ordinal)
            .Select(i => rows[i])
            .ToArray();
        return (rows.Count, front);
    }

    private static ParetoRow Row(List<LeaderboardEntry> group, string[] metrics)
    {
        var means = new double[metrics.Length];
        var stds = new double[metrics.Length];
        for (var m = 0; m < metrics.Length; m++)
        {
            var values = group.Select(e => e.Metrics[metrics[m]]).ToArray();
            means[m] = values.Average();
            stds[m] = values.Length > 1
                ? Math.Sqrt(values.Sum(v => (v - means[m]) * (v - means[m])) / (values.Length - 1))
                : 0;
        }
        var first = group[0];
        return new ParetoRow(first.Model, first.Method, first.ConfigKey, first.Parameters,
            [.. group.Select(e => e.Seed)], [.. group.Select(e => e.TrialId)], means, stds, first.Protocol);
    }
}
