namespace RobustGrid.TestTime.Operations;

/// <summary>DynTTA's 50 operations in the reference's output order, and how each maps its raw magnitude m.</summary>
public static class OperationCatalog
{
    public const int Count = 50;
    public const int Rotate = 0, Scale = 1, Saturation = 2, Contrast = 3, Sharpness = 4, Brightness = 5,
        AutoContrast = 6, Hue = 7, Equalize = 8, Invert = 9, Gamma = 10, FirstLowPass = 11, FirstHighPass = 30,
        Urie = 49;

    public static readonly IReadOnlyList<string> Names = BuildNames();

    /// <summary>True for the operations whose magnitude is used (the others ignore it).</summary>
    public static bool UsesMagnitude(int op) => op <= Gamma && op is not (AutoContrast or Equalize or Invert);

    /// <summary>The raw magnitude that makes an operation the identity (null when none does).</summary>
    public static double? NeutralMagnitude(int op) => op switch
    {
        Rotate or Scale or Brightness or Hue => 0.0,
        Saturation => Logit(1.0 / 5.0),
        Contrast or Gamma => Logit(1.0 / 3.0),
        Sharpness => Logit(1.0 / 10.0),
        _ => null,
    };

    private static double Logit(double p) => Math.Log(p / (1 - p));

    private static string[] BuildNames()
    {
        var names = new List<string>
        {
            "rotate", "scale", "saturation", "contrast", "sharpness", "brightness", "auto-contrast", "hue", "equalize",
            "invert", "gamma",
        };
        for (var i = 0; i < FrequencyFilters.RadiusCount; i++) names.Add($"low-pass-{FrequencyFilters.Radius(i):0.00}");
        for (var i = 0; i < FrequencyFilters.RadiusCount; i++)
            names.Add($"high-pass-{FrequencyFilters.Radius(i):0.00}");
        names.Add("urie");
        return [.. names];
    }
}
