using RobustGrid.Catalog.Methods;
using RobustGrid.Catalog.Settings;
using RobustGrid.Training.Data;

namespace RobustGrid.Methods;

/// <summary>The normalisation a method's <see cref="InputNormalizationSetting"/> selects.</summary>
internal static class InputNormalization
{
    public static Normalization For(SettingValues values, DatasetProfile profile) =>
        values.Text(InputNormalizationSetting.Name) == InputNormalizationSetting.Symmetric
            ? Normalization.SymmetricUnit(profile.Normalization.Mean.Length)
            : profile.Normalization;
}
