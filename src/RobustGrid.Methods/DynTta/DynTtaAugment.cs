using RobustGrid.Catalog.Methods;
using RobustGrid.Catalog.Settings;
using RobustGrid.Training.Training;

namespace RobustGrid.Methods.DynTta;

/// <summary>
/// <c>dyntta-augment</c>'s procedure from its parsed hyperparameters (<see cref="DynTtaAugmentInfo"/>).
/// </summary>
internal static class DynTtaAugment
{
    public static ITrainingMethod FromSettings(SettingValues values)
    {
        if (values.OptionalText("policy") is null)
            throw new ArgumentException(
                "method 'dyntta-augment' needs policy=<augmentation-policy.json from 'robustgrid dyntta'>");
        return values.Text("procedure") == DynTtaAugmentInfo.WeightedSingleProcedure
            ? new WeightedSingleMethod(values)
            : new EstimatedAugMixMethod(values);
    }
}
