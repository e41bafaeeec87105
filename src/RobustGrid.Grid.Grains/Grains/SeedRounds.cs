using RobustGrid.Grid.Grains.Specs;
using RobustGrid.Grid.Grains.Statistics;

namespace RobustGrid.Grid.Grains.Grains;

/// <summary>
/// What a sweep with seeds until_separated does once every planned trial has finished: stop, because the top is
/// separated or no contender may run another seed, or give every contender still under seeds.max one more seed.
/// </summary>
public static class SeedRounds
{
    /// <param name="MoreSeeds">Configurations that run one more seed, best first; empty when the sweep stops.</param>
    /// <param name="Reason">Why the sweep stops adding seeds; null while it goes on.</param>
    public sealed record Decision(IReadOnlyList<int> MoreSeeds, string? Reason);

    /// <param name="results">Per configuration: its board key and the objective of its finished seeds.</param>
    /// <param name="seedsPlanned">Per configuration: the seeds it has run, finished or not.</param>
    /// <param name="describe">A configuration's name in the reason, such as "method=ipmix".</param>
    public static Decision Next(IReadOnlyList<TopSeparation.Candidate> results, IReadOnlyList<int> seedsPlanned,
        SeedBudget budget, bool lowerIsBetter, Func<int, string> describe)
    {
        var contenders = TopSeparation.Contenders(results, lowerIsBetter);
        if (contenders.Count == 0) return new([], "no configuration has a result to compare");
        var best = contenders[0];
        if (results.Count(r => r.BySeed.Count > 0) == 1)
            return new([], $"one configuration with results ({describe(best)}): nothing to separate");
        if (contenders.Count == 1)
            return new([], $"top separated with {results[best].BySeed.Count} seeds: {describe(best)} is " +
                "distinguishable from every other configuration (95 % paired interval)");
        var more = contenders.Where(c => seedsPlanned[c] < budget.Max).ToList();
        if (more.Count > 0) return new(more, null);
        var ties = string.Join(", ", contenders.Skip(1).Select(describe));
        return new([], $"seed budget spent (seeds.max {budget.Max}): {ties} not distinguishable from " +
            $"{describe(best)}");
    }

    /// <summary>A configuration by the parameters that tell it from the sweep's other ones.</summary>
    public static string Name(IReadOnlyList<Dictionary<string, string>> configs, int index)
    {
        var varying = configs.SelectMany(c => c.Keys).Distinct()
            .Where(k => configs.Select(c => c.GetValueOrDefault(k)).Distinct().Count() > 1)
            .Order(StringComparer.Ordinal);
        var text = string.Join(" ", varying.Select(k => $"{k}={configs[index].GetValueOrDefault(k)}"));
        return text.Length > 0 ? text : $"configuration {index}";
    }
}
