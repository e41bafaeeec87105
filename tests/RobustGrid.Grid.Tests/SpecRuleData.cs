using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Tests;

/// <summary>Spec rules of a grid whose inputs may come from one checkpoint store and one import folder.</summary>
internal static class SpecRuleData
{
    public const string CheckpointRoot = "/srv/robustgrid/checkpoints";
    public const string ImportFolder = "/srv/imports";

    public static SpecRules WithInputs(SweepLimits? limits = null) =>
        new(limits ?? new SweepLimits(), new InputSandbox([CheckpointRoot, ImportFolder + "/"]));
}
