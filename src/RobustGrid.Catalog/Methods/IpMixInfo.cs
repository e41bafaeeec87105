using RobustGrid.Catalog.Settings;

namespace RobustGrid.Catalog.Methods;

public static class IpMixInfo
{
    /// <summary>The mixing_set value that selects the procedural fractal set.</summary>
    public const string Fractals = "fractals";

    /// <summary>The reference's overflow: out-of-range mixes wrap modulo 256 (ToPILImage's .byte()).</summary>
    public const string Wrap = "wrap";

    /// <summary>The overflow value that clamps out-of-range mixes to [0, 255].</summary>
    public const string Clamp = "clamp";

    public static readonly MethodInfo Info = new("ipmix",
        "IPMix: image-, patch- and pixel-level mixing with a fractal mixing set, " +
        "plus the Jensen-Shannon consistency loss.",
        [
            new IntSetting("k", "Augmentation chains mixed per view.", 3, 1, 10),
            new IntSetting("t", "Most ops per chain (each chain draws 0..t).", 3, 1, 10),
            new DoubleSetting("beta", "Severity of the add/multiply mixings (get_ab's Beta parameter).", 3.0, 0, 100,
                MinExclusive: true),
            new ChoiceSetting("overflow",
                "Add/multiply mixes outside [0, 1]: 'wrap' modulo 256 as the reference's mul(255).byte(), or 'clamp'.",
                Wrap, [Wrap, Clamp]),
            new IntSetting("severity", "Upper bound of each image op's level U(0.1, severity).", 3, 1, 10),
            new BoolSetting("jsd", "Jensen-Shannon consistency over clean + 2 IPMix views (else CE on one view).",
                true),
            new DoubleSetting("jsd_weight", "Weight of the Jensen-Shannon term.", 12.0, 0, 1000),
            new PathSetting("mixing_set", "'fractals' (procedural IFS fractals) or a folder of PNG/JPEG pictures.",
                Fractals, "fractals or a folder path") { Words = [Fractals] },
            new IntSetting("fractal_count", "Pictures in the procedural fractal set.", 1000, 16, 100_000),
            new IntSetting("fractal_seed", "Seed of the procedural fractal set.", 1, 0, int.MaxValue),
        ],
        // IPMix's cifar.py trains with AugMix's recipe on its own default model.
        AugMixInfo.Info.Recipe with { Model = "wrn-40-4" });
}
