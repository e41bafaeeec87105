namespace RobustGrid.Catalog.Seeds;

/// <summary>
/// A tiny seeded generator (SplitMix64) whose sequence is fixed by its definition, unlike System.Random's, so what is
/// drawn from a seed is the same on every runtime; and its output function, which turns related seeds (1, 2, 3, or a
/// seed and an index) into unrelated ones.
/// </summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64() => Mix(_state += Golden);

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    public int Next(int exclusiveMax) => (int)(NextDouble() * exclusiveMax);

    /// <summary>One step of SplitMix64 from state <paramref name="x"/>: the state advanced by the golden gamma, then
    /// mixed.</summary>
    public static ulong Step(ulong x) => Mix(x + Golden);

    /// <summary>A non-negative 31-bit seed for System.Random from several parts, each mixed in: System.Random's first
    /// draws are nearly linear in its seed, so seeds built as sums of the parts give draws in a regular
    /// ladder.</summary>
    public static int SeedOf(long first, params ReadOnlySpan<long> rest)
    {
        var h = Step((ulong)first);
        foreach (var part in rest) h = Step(h ^ (ulong)part);
        return (int)(h & 0x7FFF_FFFF);
    }

    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
