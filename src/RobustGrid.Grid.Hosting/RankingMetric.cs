namespace RobustGrid.Grid.Hosting;

/// <summary>
/// The metric a leaderboard is ranked by, and why. Without one asked for: that of the sweep asked for, else that of
/// the newest sweep scored on this dataset and suite (the board 'sweep run' printed at its end), else clean error.
/// <c>robustgrid leaderboard</c> and the HTTP API both choose here, so they rank a board alike.
/// </summary>
/// <param name="Reason">Why this metric, after "ranked by METRIC, ".</param>
public sealed record RankingMetric(string Metric, string Reason)
{
    public static RankingMetric AskedFor(string metric) => new(metric, "the metric asked for");

    public static async Task<RankingMetric> DefaultAsync(IGrainFactory grains, string dataset, string suite,
        string? sweepId)
    {
        var sweeps = await grains.GetGrain<ISweepRegistryGrain>(0).List();
        var source = sweeps
            .Where(s => sweepId is null ? s.Dataset == dataset && s.Suite == suite : s.SweepId == sweepId)
            .OrderByDescending(s => s.CreatedAt).FirstOrDefault();
        return source is { Metric.Length: > 0 }
            ? new(source.Metric, $"the metric of sweep {source.SweepId}")
            : new(MetricNames.CleanError, "the default: no sweep of this board names one");
    }

    /// <summary>"ranked by clean/accuracy, the metric of sweep …".</summary>
    public string Sentence => $"ranked by {Metric}, {Reason}";
}
