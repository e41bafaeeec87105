namespace RobustGrid.Training.Augmentations.Pil;

/// <summary>The op lists of the reference implementations.</summary>
public static class PilOpSets
{
    /// <summary>AugMix's <c>augmentations</c> (augmentations.py): the 9 default ops, none overlapping the test
    /// corruptions.</summary>
    public static IReadOnlyList<IImageOp> AugMix() =>
    [
        new Autocontrast(), new Equalize(), new Posterize(), new Rotate(), new Solarize(),
        new Shear(alongX: true), new Shear(alongX: false), new Translate(alongX: true), new Translate(alongX: false),
    ];

    /// <summary>
    /// The ops named in <paramref name="names"/> (comma-separated), from AugMix's 9 plus <c>contrast</c> of its
    /// <c>augmentations_all</c>, in that order; an unknown or repeated name is an error naming
    /// <paramref name="parameter"/>.
    /// </summary>
    public static IReadOnlyList<IImageOp> AugMixSubset(string names, string method, string parameter)
    {
        IReadOnlyList<IImageOp> all = [.. AugMix(), new Contrast()];
        var wanted = names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var known = string.Join(",", all.Select(op => op.Name));
        foreach (var name in wanted)
        {
            if (all.All(op => op.Name != name))
                throw new ArgumentException($"method '{method}': {parameter} = '{names}' names unknown op '{name}'; " +
                    $"accepted: a subset of {known}");
        }
        if (wanted.Length == 0 || wanted.Distinct().Count() != wanted.Length)
            throw new ArgumentException($"method '{method}': {parameter} = '{names}' must name each op at most once " +
                $"and at least one; accepted: a subset of {known}");
        return all.Where(op => wanted.Contains(op.Name)).ToList();
    }

    /// <summary>IPMix's <c>augmentations</c> (IPMix_utils.py): AugMix's minus autocontrast, plus mirror and
    /// invert.</summary>
    public static IReadOnlyList<IImageOp> IpMix() =>
    [
        new Equalize(), new Posterize(), new Rotate(), new Solarize(),
        new Shear(alongX: true), new Shear(alongX: false), new Translate(alongX: true), new Translate(alongX: false),
        new Mirror(), new Invert(),
    ];

    /// <summary>
    /// Every op of DynTTA's retraining file (CUB_dataset/augmix.py), in its order: AugMix's 9, the 4 of
    /// <c>augmentations_all</c> (color, contrast, brightness, sharpness) and the PIL versions of DynTTA's own
    /// operations (scale, invert, hue, gamma, LPF, HPF).
    /// </summary>
    public static IReadOnlyList<IImageOp> DynTta() =>
    [
        .. AugMix(), new Color(), new Contrast(), new Brightness(), new Sharpness(),
        new Scale(), new Invert(), new Hue(), new Gamma(), new FourierFilter(lowPass: true),
        new FourierFilter(lowPass: false),
    ];

    /// <summary>The ops of <see cref="DynTta"/> with these names, in the order asked for.</summary>
    public static IReadOnlyList<IImageOp> DynTta(IEnumerable<string> names)
    {
        var all = DynTta();
        return names.Select(name => all.FirstOrDefault(op => op.Name == name)
            ?? throw new ArgumentException($"no DynTTA retraining op '{name}'; known: " +
                string.Join(",", all.Select(op => op.Name)))).ToList();
    }
}
