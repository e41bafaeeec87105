namespace RobustGrid.Catalog.Methods;

/// <summary>Every method by canonical name: the training methods, then the DynTTA pipeline, then evaluation-only
/// trials.</summary>
public static class MethodCatalog
{
    public static readonly IReadOnlyList<MethodInfo> All =
    [
        ErmInfo.Info, AugMixInfo.Info, IpMixInfo.Info, AdvBnInfo.Info, AdvMixupInfo.Info, NaTraInfo.Info,
        DynTtaAugmentInfo.Info, DynTtaInfo.Info, PretrainedInfo.Info,
    ];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(m => m.Name)];

    /// <summary>The methods <c>robustgrid train</c> runs (DynTTA trains an enhancer, not a classifier; pretrained
    /// trains nothing).</summary>
    public static IReadOnlyList<MethodInfo> Training { get; } =
        [.. All.Where(m => m != DynTtaInfo.Info && m != PretrainedInfo.Info)];

    public static MethodInfo Describe(string name) =>
        All.FirstOrDefault(d => d.Name == name)
        ?? throw new ArgumentException($"unknown method '{name}'; known: {string.Join(", ", Names)}");
}
