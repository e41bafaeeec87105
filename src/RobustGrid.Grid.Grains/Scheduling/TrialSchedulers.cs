using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Grains.Scheduling;

/// <summary>The early-termination policy a validated spec asks for; a new policy is one more case here.</summary>
public static class TrialSchedulers
{
    public static ITrialScheduler For(EarlyTerminationSpec? spec) => spec switch
    {
        null => new NoEarlyStopping(),
        { Type: "asha" } => new AshaScheduler(spec.Eta, spec.LowerIsBetter),
        // The spec parser admits only the types above.
        _ => throw new ArgumentException($"no scheduler for early_terminate type '{spec.Type}'", nameof(spec)),
    };
}
