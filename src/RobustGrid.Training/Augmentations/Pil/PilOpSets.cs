namespace RobustGrid.Training.Augmentations.Pil;

/// <summary>The op lists of the reference implementations.</summary>
public static class PilOpSets
{
    /// <summary>AugMix's <c>augmentations</c> (augmentations.py): the 9 default ops, none overlapping the test corruptions.</summary>
    public static IReadOnlyList<IImageOp> AugMix() =>
    [
        new Autocontrast(), new Equalize(), new Posterize(), new Rotate(), new Solarize(),
        new Shear(alongX: true), new Shear(alongX: false), new Translate(alongX: true), new Translate(alongX: false),
    ];

    /// <summary>IPMix's <c>augmentations</c> (IPMix_utils.py): AugMix's minus autocontrast, plus mirror and invert.</summary>
    public static IReadOnlyList<IImageOp> IpMix() =>
    [
        new Equalize(), new Posterize(), new Rotate(), new Solarize(),
        new Shear(alongX: true), new Shear(alongX: false), new Translate(alongX: true), new Translate(alongX: false),
        new Mirror(), new Invert(),
    ];
}
