namespace RobustGrid.Grid.Grains.Options;

/// <summary>Silo metadata a silo advertises; the slot scheduler and the trainer placement read it.</summary>
public static class SiloMetadataKeys
{
    public const string TrainerDevice = "robustgrid.trainer.device";
    public const string TrainerSlots = "robustgrid.trainer.slots";

    public static Dictionary<string, string> For(GridSiloOptions options) => new()
    {
        [TrainerDevice] = options.TrainerDevice,
        [TrainerSlots] = options.TrainerSlots.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
