using System.Text;
using RobustGrid.Catalog.Seeds;

namespace RobustGrid.Corruptions.Core;

/// <summary>
/// Derives an independent 64-bit seed for each (user seed, corruption, severity, chunk), so a corrupted image depends
/// only on those and its position, never on which other corruptions were generated first.
/// </summary>
public static class SeedMixer
{
    public static ulong Mix(long seed, string corruption, int severity, long chunk)
    {
        var h = SplitMix((ulong)seed);
        foreach (var b in Encoding.UTF8.GetBytes(corruption)) h = SplitMix(h ^ b);
        h = SplitMix(h ^ (ulong)severity);
        return SplitMix(h ^ (ulong)chunk);
    }

    private static ulong SplitMix(ulong x) => SplitMix64.Step(x);
}
