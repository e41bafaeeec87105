namespace RobustGrid.Methods.IpMix.MixingSets;

/// <summary>
/// A tiny seeded generator (SplitMix64) whose sequence is fixed by its definition, unlike System.Random's, so a
/// fractal set rendered from a seed is the same on every runtime.
/// </summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    public int Next(int exclusiveMax) => (int)(NextDouble() * exclusiveMax);
}
