using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Hosting;

/// <summary>What a reader asks of a leaderboard, as the HTTP API's query and the console's page take it.</summary>
public sealed record LeaderboardAsk(string Dataset, string Suite, string? Metric = null, int? Top = null,
    string? Method = null, string? Model = null, string? Sweep = null, bool? Group = null, string? Goal = null,
    string? Baseline = null, string? Protocol = null);

/// <summary>A ranked board, or why there is none: the HTTP status and its message.</summary>
public sealed record LeaderboardAnswer(LeaderboardPage? Page, int Status, string? Error);

/// <summary>
/// Reads a leaderboard as the HTTP API and the console show it: checks the query, picks the ranking metric
/// (<see cref="RankingMetric"/>, as <c>robustgrid leaderboard</c> does) and asks the board's grain. The one path both
/// take, so that a board reads alike wherever it is shown.
/// </summary>
public static class LeaderboardReader
{
    public const int MaxTop = 10_000;

    /// <summary>
    /// The dataset a route names. A <c>folder:PATH</c> dataset is one URL-encoded path segment
    /// (<c>folder%3A%2Fdata%2Fimages</c>), and the server keeps its encoded slashes encoded so that they do not split
    /// the path: they are decoded here.
    /// </summary>
    public static string DatasetOfRoute(string segment) =>
        segment.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why a dataset a reader names is refused (400), or null: as in a spec, only the built-in and registered
    /// datasets and folders inside the grid's data roots, whose boards are the only ones a grid can have.</summary>
    public static string? Refusal(string dataset, DatasetSandbox datasets) =>
        datasets.Refusal(dataset) is null ? null
        : $"dataset: not a dataset of this grid; use a built-in or registered name, or folder:PATH inside the grid's " +
          "data roots as one URL-encoded path segment";

    /// <param name="datasets">The datasets this grid's specs may name (<see cref="SpecRules.Datasets"/>).</param>
    public static async Task<LeaderboardAnswer> ReadAsync(IGrainFactory grid, LeaderboardAsk ask,
        DatasetSandbox datasets)
    {
        ask = ask with { Dataset = DatasetOfRoute(ask.Dataset) };
        if (Refusal(ask.Dataset, datasets) is { } refusal) return Refused(400, refusal);
        if (ask.Goal is not (null or "minimize" or "maximize"))
            return Refused(400, "goal: use minimize or maximize");
        if (ask.Protocol is not (null or LeaderboardProtocols.Blind or LeaderboardProtocols.NonBlind))
            return Refused(400, $"protocol: use {LeaderboardProtocols.Blind} or {LeaderboardProtocols.NonBlind}");
        var key = LeaderboardKeys.For(ask.Dataset, ask.Suite);
        var boards = await grid.GetGrain<ILeaderboardIndexGrain>(0).List();
        if (!boards.Contains(key))
            return Refused(404, boards.Length == 0
                ? $"no leaderboard '{key}': no board has entries yet"
                : $"no leaderboard '{key}'; leaderboards: {string.Join(", ", boards)}");
        var ranking = ask.Metric is not null
            ? RankingMetric.AskedFor(ask.Metric)
            : await RankingMetric.DefaultAsync(grid, ask.Dataset, ask.Suite, ask.Sweep);
        var query = new LeaderboardQuery(ranking.Metric, Math.Clamp(ask.Top ?? 10, 1, MaxTop), ask.Method,
            ask.Model, ask.Sweep, ask.Group ?? true, ask.Goal is null ? null : ask.Goal == "minimize", ask.Baseline,
            ask.Protocol);
        var page = await grid.GetGrain<ILeaderboardGrain>(key).Query(query);
        // A metric asked for that no entry has is a mistake; the default is a sweep's, whose trials may all have
        // failed, and then the board is answered with no rows.
        if (ask.Metric is not null && !page.Metrics.Contains(ask.Metric))
            return Refused(400, $"metric: '{ask.Metric}' is not a metric of leaderboard '{key}'; metrics: " +
                                string.Join(", ", page.Metrics));
        return new LeaderboardAnswer(page with { MetricReason = ranking.Reason }, 200, null);
    }

    private static LeaderboardAnswer Refused(int status, string message) => new(null, status, message);
}
