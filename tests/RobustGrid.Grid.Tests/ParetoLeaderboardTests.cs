using System.Net;
using System.Text.Json;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Grains;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// The leaderboard's Pareto view: configurations grouped across seeds, the non-dominated ones under each metric's
/// goal, mean and sample std per metric; over HTTP, bad metric lists and goals are a 400 that names the field.
/// </summary>
public sealed class ParetoLeaderboardTests
{
    private const string Mce = MetricNames.MeanCorruptionError;

    /// <summary>Configurations a and b trade clean error for mCE; c is worse than b on both; d has no mCE.</summary>
    internal static IEnumerable<LeaderboardEntry> Entries(string dataset = "cifar10", string suite = "cifar10-c")
    {
        (string Config, double Error, double Mce)[] results =
        [
            ("a", 0.10, 0.30), ("a", 0.12, 0.32),
            ("b", 0.20, 0.20), ("b", 0.20, 0.22),
            ("c", 0.25, 0.35), ("c", 0.27, 0.33),
        ];
        var seeds = new Dictionary<string, int>();
        foreach (var (config, error, mce) in results.Append(("d", 0.01, double.NaN)))
        {
            var seed = seeds[config] = seeds.GetValueOrDefault(config, -1) + 1;
            var metrics = new Dictionary<string, double> { [MetricNames.CleanError] = error };
            if (!double.IsNaN(mce)) metrics[Mce] = mce;
            yield return new LeaderboardEntry($"pareto/{config}{seed}", "pareto", dataset, suite, "small-cnn", "erm",
                config, seed, new() { ["learning_rate"] = config }, "", metrics, DateTimeOffset.UnixEpoch);
        }
    }

    [Fact]
    public void TheFrontKeepsTheConfigurationsNoOtherBeatsOnBothMetrics()
    {
        var (configurations, rows) = LeaderboardPareto.Front(Entries(),
            new ParetoQuery([MetricNames.CleanError, Mce]));
        Assert.Equal(3, configurations); // d lacks mCE
        Assert.Equal(["a", "b"], rows.Select(r => r.ConfigKey));
        Assert.Equal([0, 1], rows[0].Seeds);
        Assert.Equal(0.11, rows[0].Means[0], 12);
        Assert.Equal(0.31, rows[0].Means[1], 12);
        Assert.Equal(Math.Sqrt(2 * 0.01 * 0.01), rows[0].Stds[0], 12);
        Assert.Equal(0, rows[1].Stds[0], 12);
        // Maximising both, c (0.26, 0.34) beats a and b everywhere.
        var (_, maximised) = LeaderboardPareto.Front(Entries(),
            new ParetoQuery([MetricNames.CleanError, Mce], [false, false]));
        Assert.Equal("c", Assert.Single(maximised).ConfigKey);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task TheApiAnswersTheFrontAndRefusesBadMetricListsNamingTheField()
    {
        await using var api = await ApiSilo.StartAsync();
        var board = api.Grains.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For("cifar10", "cifar10-c"));
        foreach (var entry in Entries()) await board.Record(entry);
        const string path = "/api/leaderboards/cifar10/cifar10-c/pareto";

        var front = await Get(api, $"{path}?metrics=clean/error,corruption/mce");
        Assert.Equal(HttpStatusCode.OK, front.Status);
        var rows = JsonDocument.Parse(front.Body).RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["a", "b"], rows.Select(r => r.GetProperty("configKey").GetString()));

        (string Query, string Field)[] refused =
        [
            ("", "metrics:"),
            ("?metrics=clean/error", "metrics:"),
            ("?metrics=clean/error,clean/error", "metrics:"),
            ("?metrics=clean/error,corruption/mcee", "metrics: 'corruption/mcee' is not a metric"),
            ("?metrics=clean/error,corruption/mce&goals=minimize", "goals:"),
            ("?metrics=clean/error,corruption/mce&goals=minimize,up", "goals:"),
            ("?metrics=clean/error,corruption/mce&protocol=any", "protocol:"),
            ($"?metrics={string.Join(",", Enumerable.Range(0, 9).Select(i => $"m{i}"))}", "metrics:"),
        ];
        foreach (var (query, field) in refused)
        {
            var answer = await Get(api, path + query);
            Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
            Assert.StartsWith(field, answer.Error, StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.NotFound,
            (await Get(api, "/api/leaderboards/cifar10/clean/pareto?metrics=clean/error,corruption/mce")).Status);
    }

    private static Task<(HttpStatusCode Status, string Body, string Error)> Get(ApiSilo api, string path) =>
        ApiAccessTests.Send(api, HttpMethod.Get, path, null);
}
