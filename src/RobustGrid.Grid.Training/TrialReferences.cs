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
    /// <param name="store">The grid's checkpoint store; only a spec without references resolves without one.</param>
    public static TrialSpec Resolve(TrialSpec spec, ICheckpointStore? store)
    {
        if (!spec.Parameters.Values.Any(TrialReference.LooksLikeReference)) return spec;
        if (store is null) throw new InvalidOperationException(
            $"trial {spec.TrialId} references another trial, and no checkpoint store was given to find it in");
        var parameters = spec.Parameters.ToDictionary(kv => kv.Key, kv => TrialReference.LooksLikeReference(kv.Value)
            ? store.RunDirectory(Target(kv.Key, kv.Value))
            : kv.Value);
        return spec with { Parameters = parameters };
    }

    /// <summary>The spec check refused malformed references and the launch resolved <c>/best</c> ones: anything
    /// else here is a bug, reported with the parameter it is in.</summary>
    private static TrialId Target(string parameter, string value) =>
        TrialReference.TryParse(value, out var reference) && reference.Trial is { } trial
            ? trial
            : throw new ArgumentException($"{parameter}: '{value}' does not name a trial id ({TrialReference.Usage}; " +
                $"a /best reference is resolved when its sweep is launched)");
}
