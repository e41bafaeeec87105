using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Grains.Scheduling;

/// <summary>The early-termination policy a validated spec asks for; a new policy is one more case here.</summary>
public static class TrialSchedulers
{
    /// <param name="configOf">The configuration of a trial index (Hyperband deals configurations to brackets);
    /// default: one trial per configuration.</param>
    public static ITrialScheduler For(EarlyTerminationSpec? spec, Func<int, int>? configOf = null) => spec switch
    {
        null => new NoEarlyStopping(),
        { Type: EarlyTerminationSpec.Asha } => new AshaScheduler(spec.Eta, spec.LowerIsBetter),
        { Type: EarlyTerminationSpec.Hyperband } => new HyperbandScheduler(spec.Brackets(), spec.Rungs(),
            spec.Eta, spec.LowerIsBetter, configOf ?? (i => i)),
        // The spec parser admits only the types above.
        _ => throw new ArgumentException($"no scheduler for early_terminate type '{spec.Type}'", nameof(spec)),
    };
}
