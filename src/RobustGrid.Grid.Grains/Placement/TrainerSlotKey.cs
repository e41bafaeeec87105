using System.Globalization;

namespace RobustGrid.Grid.Grains.Placement;

/// <summary>Trainer grain keys: "{silo address}/{slot}". The silo address includes its generation, so a restarted
/// silo's slots get new keys and a dead silo's keys can never be activated again.</summary>
public static class TrainerSlotKey
{
    public static string For(SiloAddress silo, int slot) =>
        $"{silo.ToParsableString()}/{slot.ToString(CultureInfo.InvariantCulture)}";

    public static bool TryParse(string key, out SiloAddress silo, out int slot)
    {
        silo = null!;
        slot = -1;
        var cut = key.LastIndexOf('/');
        if (cut <= 0 || !int.TryParse(key.AsSpan(cut + 1), NumberStyles.None, CultureInfo.InvariantCulture, out slot))
            return false;
        try
        {
            silo = SiloAddress.FromParsableString(key[..cut]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
