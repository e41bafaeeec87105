namespace RobustGrid.Grid.Grains.Specs;

/// <summary>
/// <c>warm_start: [name or id]</c>: each entry is a sweep id, or else the name of sweeps, of which the latest is meant.
/// The registry resolves it to refuse an unknown sweep at launch; the sweep resolves it the same way when it starts
/// and keeps the trials it read, so a resumed sweep starts from the same observations.
/// </summary>
internal static class WarmStarts
{
    /// <returns>The sweep ids, in the spec's order, or the errors naming each sweep that is not there.</returns>
    public static (List<string> SweepIds, List<string> Errors) Resolve(SweepSpec spec, IEnumerable<SweepSummary> sweeps)
    {
        var ids = new List<string>();
        var errors = new List<string>();
        var known = sweeps.ToList();
        foreach (var wanted in spec.WarmStart ?? [])
        {
            var sweep = known.FirstOrDefault(s => s.SweepId == wanted)
                ?? known.Where(s => s.Name == wanted).OrderByDescending(s => s.CreatedAt).FirstOrDefault();
            if (sweep is null)
                errors.Add($"warm_start: no sweep named or with id '{wanted}'" + (known.Count == 0 ? ""
                    : $"; sweeps: {string.Join(", ", known.Select(s => s.Name).Distinct().Take(10))}"));
            else if (sweep.Dataset != spec.Dataset)
                errors.Add($"warm_start: sweep '{sweep.SweepId}' ran on {sweep.Dataset}, this sweep runs on " +
                    $"{spec.Dataset}: its results say nothing about this one");
            else
                ids.Add(sweep.SweepId);
        }
        return (ids, errors);
    }
}
