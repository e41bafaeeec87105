using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Grains.Population;

/// <summary>
/// The trials of a pbt sweep: trial i is member i mod population of interval i / population, and the sweep keeps, per
/// released trial, the trial it continues (<paramref name="parents"/>, -1 in the first interval). Whether a trial
/// exploited and what it perturbed follow from its parent and the two configurations, so nothing else is stored.
/// </summary>
internal sealed class PopulationPlan(PopulationSpec spec, List<int> parents)
{
    public int Members => spec.Population;

    /// <summary>Trials whose interval has been decided: whole intervals of the population.</summary>
    public int Released => parents.Count;

    public int Generation(int index) => index / spec.Population;

    public int Member(int index) => index % spec.Population;

    public int ParentOf(int index) => parents[index];

    /// <summary>The first interval: every member starts from scratch.</summary>
    public void ReleaseFirst()
    {
        if (parents.Count == 0) parents.AddRange(Enumerable.Repeat(-1, spec.Population));
    }

    /// <summary>The interval after the last released one, if any is left.</summary>
    public bool HasNext => Released / spec.Population < spec.Generations;

    public void Release(IEnumerable<int> parentIndexes) => parents.AddRange(parentIndexes);

    /// <summary>The trials of the last released interval.</summary>
    public IEnumerable<int> LastInterval => Enumerable.Range(Released - spec.Population, spec.Population);

    public PopulationStep Step(string sweepId, int index, IReadOnlyList<Dictionary<string, string>> configs)
    {
        var generation = Generation(index);
        var parent = ParentOf(index);
        string[] perturbed = parent < 0 ? [] : [.. configs[index]
            .Where(kv => configs[parent].GetValueOrDefault(kv.Key) != kv.Value)
            .Select(kv => $"{kv.Key}: {configs[parent].GetValueOrDefault(kv.Key)} -> {kv.Value}")];
        return new PopulationStep(generation, Member(index), spec.StartEpoch(generation), spec.EndEpoch(generation),
            parent < 0 ? null : new TrialId(sweepId, parent).ToString(), parent >= 0 && Member(parent) != Member(index),
            perturbed);
    }
}
