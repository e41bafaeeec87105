using RobustGrid.Training.Data;
using RobustGrid.Training.Methods.Parameters;

namespace RobustGrid.Training.Methods;

/// <summary>
/// The 'normalization' hyperparameter of methods whose reference and ERM normalise differently (AugMix's code maps
/// inputs to [-1, 1], ERM uses the dataset's mean/std): switching either one tells a method's effect apart from a
/// normalisation effect in ablations.
/// </summary>
public static class InputNormalization
{
    public const string Name = "normalization";
    public const string Dataset = "dataset";
    public const string Symmetric = "symmetric";

    public static ChoiceParameter Parameter(string defaultChoice) => new(Name,
        "Input normalisation: the dataset's mean/std ('dataset') or AugMix's [-1, 1] ('symmetric'); the other one serves ablations.",
        defaultChoice, [Dataset, Symmetric]);

    public static Normalization For(MethodParameterValues values, DatasetProfile profile) =>
        values.Text(Name) == Symmetric ? Normalization.SymmetricUnit(profile.Normalization.Mean.Length) : profile.Normalization;
}
