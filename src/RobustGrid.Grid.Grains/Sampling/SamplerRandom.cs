namespace RobustGrid.Grid.Grains.Sampling;

internal static class SamplerRandom
{
    /// <summary>A deterministic RNG per (sweep seed, configuration), so a restarted sweep draws what it drew
    /// before.</summary>
    public static Random For(long seed, int configIndex) =>
        new(unchecked((int)(seed * 1_000_003 + configIndex * 7_919 + 17)));
}
