using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Grains.Grains;

/// <summary>
/// Which configuration and seed each trial index runs. The spec's initial trials go configuration by configuration,
/// InitialSeeds each: trial i runs configuration i / InitialSeeds with seed i mod InitialSeeds. With seeds
/// until_separated, trial InitialTrials + k is one more seed of configuration <c>extraConfigs[k]</c>: the next seed
/// that configuration has not run. The layout depends only on the spec and the recorded extras, so an index names the
/// same trial after a restart.
/// </summary>
internal sealed class TrialPlan(SweepSpec spec, List<int> extraConfigs)
{
    /// <summary>Trials defined so far: the initial ones and every seed added since.</summary>
    public int Planned => spec.InitialTrials + extraConfigs.Count;

    public int ConfigOf(int index) =>
        index < spec.InitialTrials ? index / spec.InitialSeeds : extraConfigs[index - spec.InitialTrials];

    public long SeedOf(int index)
    {
        if (index < spec.InitialTrials) return spec.Seeds[index % spec.InitialSeeds];
        var config = ConfigOf(index);
        var earlier = extraConfigs.Take(index - spec.InitialTrials).Count(c => c == config);
        return spec.Seeds[spec.InitialSeeds + earlier];
    }

    /// <summary>(configuration, seed) of every planned trial in index order, in one pass.</summary>
    public IEnumerable<(int Config, long Seed)> Layout()
    {
        for (var i = 0; i < spec.InitialTrials; i++) yield return (i / spec.InitialSeeds, SeedOf(i));
        var added = new Dictionary<int, int>();
        foreach (var config in extraConfigs)
        {
            var earlier = added.GetValueOrDefault(config);
            added[config] = earlier + 1;
            yield return (config, spec.Seeds[spec.InitialSeeds + earlier]);
        }
    }
}
