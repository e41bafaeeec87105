using RobustGrid.Grid.Grains.Grains;
using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Grains.Sampling;

/// <summary>
/// Earlier sweeps' trials as observations of this sweep's space: each keeps only the parameters this sweep searches
/// whose values lie in its space, trials that agree on those are one configuration (mean over them), and one that
/// keeps none, or lacks the primary objective, says nothing and is left out.
/// </summary>
internal static class WarmStartObservations
{
    public static List<Observation> From(SweepSpec spec, IEnumerable<WarmStartTrial> trials)
    {
        var objectives = spec.AllObjectives;
        var groups = new Dictionary<string, (Dictionary<string, string> Config, List<WarmStartTrial> Trials)>();
        foreach (var trial in trials)
        {
            if (!trial.Metrics.ContainsKey(spec.Metric)) continue;
            var config = spec.Parameters
                .Where(p => trial.Parameters.TryGetValue(p.Name, out var v) && ParameterValues.Admits(p, v))
                .ToDictionary(p => p.Name, p => trial.Parameters[p.Name]);
            if (!spec.Parameters.Any(p => p.IsSearchable && config.ContainsKey(p.Name))) continue;
            var key = string.Join("\n", config.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => $"{kv.Key}={kv.Value}"));
            if (!groups.TryGetValue(key, out var group)) groups[key] = group = (config, []);
            group.Trials.Add(trial);
        }
        return [.. groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var losses = objectives.Select(o => g.Value.Trials.Where(t => t.Metrics.ContainsKey(o.Metric))
                .Select(t => (o.LowerIsBetter ? 1 : -1) * t.Metrics[o.Metric])
                .DefaultIfEmpty(double.NaN).Average()).ToArray();
            return new Observation(g.Value.Config, losses[0], Losses: spec.Objectives is null ? null : losses);
        })];
    }
}
