using RobustGrid.Catalog.Training;
using RobustGrid.Grid.Contracts;
using RobustGrid.Training.Training;

namespace RobustGrid.Grid.Training;

/// <summary>
/// A trial's configuration, built as <c>robustgrid train</c> builds it (<see cref="TrainingConfig.Build"/>): the
/// trial's training settings, its method's recipe for the rest. Deterministic, so a retried attempt resumes the same
/// run.
/// </summary>
public static class TrialConfigMapper
{
    public static TrainingConfig Map(TrialSpec spec, string slotDevice)
    {
        var settings = spec.Parameters.Where(kv => TrainingSettings.Names.Contains(kv.Key)).ToDictionary();
        // Hyperparameters of the trial's own method ("augmix.severity" -> "severity"); other methods' are ignored.
        var prefix = spec.Method + ".";
        var methodParameters = spec.Parameters.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);
        return TrainingConfig.Build(spec.Dataset, spec.Seed, SlotDevices.Choice(slotDevice), settings,
            methodParameters);
    }
}
