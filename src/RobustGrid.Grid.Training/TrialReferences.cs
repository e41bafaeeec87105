using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Training;

/// <summary>
/// A parameter may name an earlier trial's result as <c>trial:&lt;sweep id&gt;/&lt;index&gt;</c> (the trial ids that
/// sweep output, status and leaderboards print) instead of a path. Methods that build on another trial
/// (<c>advbn.checkpoint</c>, <c>dyntta.checkpoint</c>, <c>natra.classifier</c>) then read that trial's run folder in
/// this grid's checkpoint store, on whichever silo runs them.
/// </summary>
internal static class TrialReferences
{
    /// <param name="runDirectory">A run folder of the same checkpoint store (the trial's own, or its checkpoint's).</param>
    public static TrialSpec Resolve(TrialSpec spec, string runDirectory)
    {
        if (!spec.Parameters.Values.Any(IsReference)) return spec;
        var parameters = spec.Parameters.ToDictionary(kv => kv.Key, kv => IsReference(kv.Value)
            ? SharedFileCheckpointStore.TrialRunDirectoryBeside(runDirectory, kv.Value[GridCatalog.TrialReferencePrefix.Length..])
            : kv.Value);
        return spec with { Parameters = parameters };
    }

    private static bool IsReference(string value) => value.StartsWith(GridCatalog.TrialReferencePrefix, StringComparison.Ordinal);
}
