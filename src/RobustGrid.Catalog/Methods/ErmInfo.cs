namespace RobustGrid.Catalog.Methods;

public static class ErmInfo
{
    public static readonly MethodInfo Info = new("erm",
        "Empirical risk minimisation: the dataset's standard augmentation and cross-entropy.",
        [InputNormalizationSetting.Create(InputNormalizationSetting.Dataset)],
        MethodRecipe.None);
}
