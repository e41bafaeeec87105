using System.Text;

namespace RobustGrid.Grid.Contracts.Serialization;

/// <summary>
/// Reuses the string last decoded from the same short ASCII bytes on this thread. Leaderboard traffic repeats a few
/// hundred short strings (metric names, methods, models, config keys, the top rows' trial ids) in every message, so
/// most decodes become a hash and a compare instead of an allocation. A miss simply replaces the slot.
/// </summary>
internal static class ShortStringPool
{
    private const int MaxBytes = 48;
    private const int Slots = 1024;

    [ThreadStatic] private static string?[]? _slots;

    public static string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxBytes || !Ascii.IsValid(utf8)) return Encoding.UTF8.GetString(utf8);
        var slots = _slots ??= new string?[Slots];
        var slot = (int)(Fnv1a(utf8) % Slots);
        var pooled = slots[slot];
        if (pooled is not null && Ascii.Equals(utf8, pooled)) return pooled;
        return slots[slot] = Encoding.ASCII.GetString(utf8);
    }

    private static uint Fnv1a(ReadOnlySpan<byte> bytes)
    {
        var hash = 2166136261u;
        foreach (var b in bytes) hash = (hash ^ b) * 16777619u;
        return hash;
    }
}
