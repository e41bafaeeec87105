using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Grains.Sampling;

/// <summary>The sampler a validated spec's search method names; a new sampler is one more case here.</summary>
internal static class ConfigSamplers
{
    public static IConfigSampler For(SweepSpec spec) => spec.SearchMethod switch
    {
        "grid" => new GridSampler(spec),
        // A pbt population starts as a random sample; later intervals come from its explorer.
        "random" or PopulationRules.Method => new RandomSampler(spec),
        "tpe" => new TpeSampler(spec),
        GridCatalog.Bohb => new BohbSampler(spec),
        GridCatalog.NsgaII => new NsgaIISampler(spec),
        // The spec parser admits only the methods above.
        _ => throw new ArgumentException($"no sampler for search method '{spec.SearchMethod}'", nameof(spec)),
    };
}
