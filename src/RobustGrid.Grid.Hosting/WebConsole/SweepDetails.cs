namespace RobustGrid.Grid.Hosting.WebConsole;

/// <summary>Gathers what the sweep page shows from the sweep's grain and its trials' grains.</summary>
public static class SweepDetails
{
    /// <returns>Null when there is no such sweep (a text that is no sweep id is not looked up).</returns>
    public static async Task<SweepDetail?> ReadAsync(IGrainFactory grid, string id, int maxCurves)
    {
        if (!TrialId.IsSweepId(id)) return null;
        var sweep = grid.GetGrain<ISweepGrain>(id);
        var summary = await sweep.GetSummary();
        if (summary.CreatedAt == default) return null;
        var spec = sweep.GetSpecYaml();
        var statuses = await sweep.GetTrials();
        var curves = statuses.Where(s => s.EpochsCompleted > 0).OrderBy(s => s.Index).Take(maxCurves)
            .Select(s => s.TrialId).ToHashSet();
        var trials = await Task.WhenAll(statuses.Select(async s => new TrialView(s, curves.Contains(s.TrialId)
            ? await grid.GetGrain<IExperimentGrain>(s.TrialId).GetEpochs()
            : [])));
        return new SweepDetail(summary, await spec, trials);
    }
}
