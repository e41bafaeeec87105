using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Telemetry;

namespace RobustGrid.Grid.Hosting.Telemetry;

/// <summary>
/// Copies the cluster's sweep counts and leaderboard bests into this silo's gauges every few seconds. Every silo
/// publishes the same cluster-wide values, so dashboards aggregate these series with max, not sum. Reading the
/// registry and leaderboards is one interleaved call each, so scrapes never wait on grains.
/// </summary>
internal sealed class GridMetricsPoller(
    IGrainFactory grains,
    RobustGridMetrics metrics,
    [FromKeyedServices(GridClock.Key)] TimeProvider clock,
    ILogger<GridMetricsPoller> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private static readonly string[] BestMetrics = [MetricNames.CleanError, MetricNames.MeanCorruptionError];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollSweeps();
                await PollLeaderboards();
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogDebug(e, "Metrics poll failed; retrying");
            }
            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task PollSweeps()
    {
        var sweeps = await grains.GetGrain<ISweepRegistryGrain>(0).List();
        // One series set per sweep name: the latest launch of that name.
        foreach (var summary in sweeps.GroupBy(s => SweepNames.FromId(s.SweepId))
            .Select(g => g.MaxBy(s => s.CreatedAt)!))
        {
            var name = SweepNames.FromId(summary.SweepId);
            // Every state, zeros included, so "failed" has a series (at 0) before anything fails.
            var counts =
                Enum.GetValues<TrialState>().ToDictionary(StateLabel, s => (long)summary.Counts.GetValueOrDefault(s));
            metrics.ReportSweep(name, summary.Dataset, counts, summary.Counts.GetValueOrDefault(TrialState.Pending));
        }
    }

    private async Task PollLeaderboards()
    {
        foreach (var key in await grains.GetGrain<ILeaderboardIndexGrain>(0).List())
        {
            var board = grains.GetGrain<ILeaderboardGrain>(key);
            foreach (var metric in BestMetrics)
            {
                var page = await board.Query(new LeaderboardQuery(metric, Top: 1_000, GroupSeeds: true));
                if (!page.Metrics.Contains(metric)) continue;
                foreach (var best in page.Rows.GroupBy(r => r.Method).Select(g => g.First()))
                    metrics.LeaderboardBest(page.Dataset, page.Suite, metric, best.Method, best.Mean);
            }
        }
    }

    /// <summary>TrialState names as the CLI and API show them: StoppedEarly becomes "stopped-early".</summary>
    private static string StateLabel(TrialState state) =>
        string.Concat(state.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "-" + char.ToLowerInvariant(c)
            : char.ToLowerInvariant(c).ToString()));
}
