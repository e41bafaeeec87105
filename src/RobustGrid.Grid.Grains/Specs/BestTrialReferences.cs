namespace RobustGrid.Grid.Grains.Specs;

/// <summary>
/// <c>trial:&lt;sweep name&gt;/best</c> names the best trial of the latest completed sweep of that name, by that
/// sweep's own metric. It is resolved once, when the sweep that uses it is launched, into the trial's id, so the
/// stored spec (and every retry or resume) keeps pointing at the same result.
/// </summary>
internal static class BestTrialReferences
{
    public const string Suffix = "/best";

    /// <returns>The spec text with every such reference replaced by <c>trial:&lt;id&gt;</c>, or the errors.</returns>
    public static (string Yaml, List<string> Errors) Resolve(string yaml, SweepSpec spec, IEnumerable<SweepSummary> sweeps)
    {
        var errors = new List<string>();
        var references = spec.Parameters.SelectMany(p => p.Values.Select(v => (p.Name, Value: v)))
            .Where(r => r.Value.StartsWith(GridCatalog.TrialReferencePrefix, StringComparison.Ordinal) && r.Value.EndsWith(Suffix, StringComparison.Ordinal))
            .Distinct().ToList();
        if (references.Count == 0) return (yaml, errors);
        var known = sweeps.ToList();
        foreach (var (parameter, value) in references)
        {
            var name = value[GridCatalog.TrialReferencePrefix.Length..^Suffix.Length];
            var best = known.Where(s => s.Name == name && s.State == SweepState.Completed && s.BestTrialId is not null)
                .OrderByDescending(s => s.CreatedAt).FirstOrDefault();
            if (best is null)
                errors.Add($"parameters.{parameter}: '{value}': no completed sweep named '{name}' has a best trial yet; run that sweep first, or name a trial id");
            else
                yaml = yaml.Replace(value, GridCatalog.TrialReferencePrefix + best.BestTrialId, StringComparison.Ordinal);
        }
        return (yaml, errors);
    }
}
