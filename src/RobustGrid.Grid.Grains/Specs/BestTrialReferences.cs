namespace RobustGrid.Grid.Grains.Specs;

/// <summary>
/// <c>trial:&lt;sweep name&gt;/best</c> names the best trial of the latest completed sweep of that name, by that
/// sweep's own metric. It is resolved once, when the sweep that uses it is launched, into a trial id per sweep name;
/// the sweep stores those ids and applies them to its parsed spec, so every retry or resume points at the same result.
/// </summary>
internal static class BestTrialReferences
{
    /// <returns>Sweep name → best trial id for every <c>/best</c> reference of the spec, or the errors.</returns>
    public static (Dictionary<string, string> BestTrials, List<string> Errors) Resolve(SweepSpec spec,
        IEnumerable<SweepSummary> sweeps)
    {
        var best = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<string>();
        var known = sweeps.ToList();
        foreach (var (parameter, reference) in References(spec))
        {
            var name = reference.BestOfSweep!;
            if (best.ContainsKey(name)) continue;
            var latest =
                known.Where(s => s.Name == name && s.State == SweepState.Completed && s.BestTrialId is not null)
                .OrderByDescending(s => s.CreatedAt).FirstOrDefault();
            if (latest is null)
                errors.Add($"parameters.{parameter}: '{reference}': no completed sweep named '{name}' has a best " +
                    $"trial yet; run that sweep first, or name a trial id");
            else
                best[name] = latest.BestTrialId!;
        }
        return (best, errors);
    }

    /// <returns>The spec with every <c>/best</c> reference replaced by <c>trial:&lt;id&gt;</c> from
    /// <paramref name="bestTrials"/>, or the references it has no valid id for.</returns>
    public static (SweepSpec Spec, List<string> Errors) Apply(SweepSpec spec,
        IReadOnlyDictionary<string, string> bestTrials)
    {
        var errors = new List<string>();
        foreach (var (parameter, reference) in References(spec))
            if (!bestTrials.TryGetValue(reference.BestOfSweep!, out var id) || !TrialId.TryParse(id, out _))
                errors.Add($"parameters.{parameter}: '{reference}' was not resolved into a trial id");
        if (errors.Count > 0) return (spec, errors);
        var parameters =
            spec.Parameters.Select(p => p.IsNumeric ? p : p with { Values = [.. p.Values.Select(Resolved)] }).ToList();
        return (spec with { Parameters = parameters }, errors);

        string Resolved(string value) => TrialReference.TryParse(value, out var r) && r.BestOfSweep is { } name
            ? TrialReference.To(TrialId.Parse(bestTrials[name])).ToString()
            : value;
    }

    private static IEnumerable<(string Parameter, TrialReference Reference)> References(SweepSpec spec) =>
        spec.Parameters.Where(p => !p.IsNumeric)
            .SelectMany(p => p.Values.Select(v => (p.Name, Parsed: TrialReference.TryParse(v, out var r) ? r : null)))
            .Where(r => r.Parsed?.BestOfSweep is not null)
            .Select(r => (r.Name, r.Parsed!));
}
