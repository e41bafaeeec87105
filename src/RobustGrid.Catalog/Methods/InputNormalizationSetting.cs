using RobustGrid.Catalog.Settings;

namespace RobustGrid.Catalog.Methods;

/// <summary>
/// The 'normalization' hyperparameter of methods whose reference and ERM normalise differently (AugMix's code maps
/// inputs to [-1, 1], ERM uses the dataset's mean/std): switching either one tells a method's effect apart from a
/// normalisation effect in ablations.
/// </summary>
public static class InputNormalizationSetting
{
    public const string Name = "normalization";
    public const string Dataset = "dataset";
    public const string Symmetric = "symmetric";

    public static ChoiceSetting Create(string defaultChoice) => new(Name,
        "Input normalisation: the dataset's mean/std ('dataset') or AugMix's [-1, 1] ('symmetric'); " +
        "the other one serves ablations.",
        defaultChoice, [Dataset, Symmetric]);
}
