using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Grains.Sampling;

/// <summary>Independent draws; configuration i always gets the same values (the RNG is seeded by sweep seed and
/// i).</summary>
internal sealed class RandomSampler(SweepSpec spec) : IConfigSampler
{
    public Dictionary<string, string> Sample(int configIndex, IReadOnlyList<Observation> observations)
    {
        var rng = SamplerRandom.For(spec.SamplerSeed, configIndex);
        return spec.Parameters.ToDictionary(p => p.Name, p => ParameterValues.Draw(p, rng));
    }
}
