using RobustGrid.Grid.Grains.Options;

namespace RobustGrid.Grid.Grains.Specs;

/// <summary>What a grid accepts in a spec beyond the catalog's ranges: its limits, input folders and
/// datasets.</summary>
public sealed record SpecRules(SweepLimits Limits, InputSandbox Inputs)
{
    /// <summary>The datasets a spec may name; default the built-in ones.</summary>
    public DatasetSandbox Datasets { get; init; } = DatasetSandbox.BuiltInOnly;

    /// <summary>The default limits, and inputs from other trials only.</summary>
    public static SpecRules Default => new(new SweepLimits(), InputSandbox.None);

    /// <summary>
    /// The rules a launched sweep reads its stored spec under on every activation: the same input folders, so an input
    /// the operator no longer allows fails the sweep, but no limits, so limits lowered since do not fail a sweep that
    /// was launched within them.
    /// </summary>
    public SpecRules ForLaunchedSweep() => this with { Limits = SweepLimits.Unlimited };
}
