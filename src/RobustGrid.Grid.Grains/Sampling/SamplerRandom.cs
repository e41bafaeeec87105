using RobustGrid.Catalog.Seeds;

namespace RobustGrid.Grid.Grains.Sampling;

internal static class SamplerRandom
{
    /// <summary>A deterministic RNG per (sweep seed, configuration), so a restarted sweep draws what it drew
    /// before.</summary>
    public static Random For(long seed, int configIndex) => new(SplitMix64.SeedOf(seed, configIndex));
}
