using System.CommandLine;
using Orleans;
using Spectre.Console;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Hosting;

namespace RobustGrid.Cli.Commands.Grid;

/// <summary>'robustgrid leaderboard --dataset D [--suite S] [--metric M] [--top K] [--json]'.</summary>
internal static class LeaderboardCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "fashion-mnist or cifar10.", Required = true };
        var suite = new Option<string?>("--suite")
        {
            Description = "clean, the dataset's corruption suite, or an attack suite. Default: clean, " +
                "or the dataset's only board with entries when clean has none.",
        };
        var metric = new Option<string?>("--metric")
        {
            Description = "Any metric column: clean/error, clean/accuracy, clean/nll, corruption/mce, calibration/ece, "
                + "calibration/rms, corruption/NAME[/SEVERITY]. Default: the metric of the sweep (--sweep, else the "
                + "newest on this board), else clean/error.",
        };
        var top = new Option<int>("--top") { DefaultValueFactory = _ => 10 };
        var method = new Option<string?>("--method") { Description = "Only this training method." };
        var model = new Option<string?>("--model") { Description = "Only this model." };
        var sweep = new Option<string?>("--sweep") { Description = "Only this sweep." };
        var protocol = new Option<string?>("--protocol")
        {
            Description = $"Only entries of this protocol: {LeaderboardProtocols.Blind} or "
                + $"{LeaderboardProtocols.NonBlind} "
                + "(trained on the corruption types it is scored on, as non-blind DynTTA).",
        };
        protocol.AcceptOnlyFromAmong(LeaderboardProtocols.Blind, LeaderboardProtocols.NonBlind);
        var perSeed = new Option<bool>("--per-seed")
        {
            Description = "One row per trial instead of mean ± std across seeds.",
        };
        var baseline = new Option<string?>("--baseline")
        {
            Description = "Also compare every row with this method's best row, paired by seed (default: erm; " +
                "'none' for no baseline).",
            DefaultValueFactory = _ => BaselineDefault,
        };
        var power = new Option<double?>("--power")
        {
            Description = "For each row, estimate how many seeds would separate it from #1 at this difference of the " +
                "metric (80 % power).",
        };
        var pareto = new Option<string?>("--pareto")
        {
            Description = "Instead of a ranking, the configurations no other beats on every one of these metrics " +
                "(comma-separated, e.g. clean/error,corruption/mce; each metric's own goal), mean ± std over seeds.",
        };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var (cluster, redis, gateway) =
            (GridConnection.ClusterOption(), GridConnection.RedisOption(), GridConnection.GatewayOption());
        var command = new Command("leaderboard", "Top configurations on a dataset and suite, " +
            "grouped across seeds (reads the embedded store unless --cluster).")
        {
            dataset, suite, metric, top, method, model, sweep, protocol, perSeed, baseline, power, pareto, json,
        };
        GridConnection.AddTo(command, cluster, redis, gateway);
        command.SetAction((parse, ct) => GridErrors.RunAsync(async () =>
        {
            if (parse.GetValue(top) < 1) throw new ArgumentException("--top must be at least 1");
            if (parse.GetValue(power) is { } difference && !(difference > 0 && double.IsFinite(difference)))
                throw new ArgumentException("--power must be a positive difference of the metric, e.g. 0.01");
            await using var grid = await GridConnection.OpenAsync(parse.GetValue(cluster), parse.GetValue(redis),
                parse.GetValue(gateway), readOnly: true, cancellationToken: ct);
            var boards = await grid.Client.GetGrain<ILeaderboardIndexGrain>(0).List();
            var datasetName = parse.GetValue(dataset)!;
            var suiteName = parse.GetValue(suite) ?? DefaultSuite(datasetName, boards);
            if (parse.GetValue(pareto) is { } paretoMetrics)
            {
                var (names, _, error) = ParetoRequest.Parse("--pareto", paretoMetrics, null);
                if (error is not null) throw new ArgumentException(error);
                var front = await grid.Client.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For(datasetName, suiteName))
                    .QueryPareto(new ParetoQuery(names, null, parse.GetValue(method), parse.GetValue(model),
                        parse.GetValue(sweep), parse.GetValue(protocol)));
                if (ParetoRequest.UnknownMetrics("--pareto", front) is { } unknown)
                    throw new ArgumentException(unknown);
                if (parse.GetValue(json)) Console.WriteLine(GridDisplay.Json(front));
                else ParetoDisplay.Front(front);
                if (front.Entries == 0 && !parse.GetValue(json)) GridDisplay.BoardsWithEntries(boards);
                return 0;
            }
            var asked = parse.GetValue(metric);
            var ranking = asked is not null
                ? RankingMetric.AskedFor(asked)
                : await RankingMetric.DefaultAsync(grid.Client, datasetName, suiteName, parse.GetValue(sweep));
            var query = new LeaderboardQuery(ranking.Metric, parse.GetValue(top), parse.GetValue(method),
                parse.GetValue(model), parse.GetValue(sweep), !parse.GetValue(perSeed),
                Baseline: parse.GetValue(baseline) is "none" or null ? null : parse.GetValue(baseline),
                Protocol: parse.GetValue(protocol));
            var board = grid.Client.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For(datasetName, suiteName));
            var page = await board.Query(query) with { MetricReason = ranking.Reason };
            if (parse.GetValue(json))
            {
                Console.WriteLine(GridDisplay.Json(page));
                return 0;
            }
            if (asked is null) AnsiConsole.WriteLine($"{ranking.Sentence} (--metric ranks by another)");
            GridDisplay.Leaderboard(page, query);
            if (parse.GetValue(power) is { } delta) GridDisplay.SeedsNeeded(page, delta);
            // An empty board is most often a mistyped dataset or suite: say which boards do have entries.
            if (page.Entries == 0) GridDisplay.BoardsWithEntries(boards);
            return 0;
        }));
        return command;
    }

    public const string BaselineDefault = "erm";

    /// <summary>
    /// A sweep scored on a corruption or attack suite fills that suite's board only (its entries carry the clean
    /// metrics too), so asking for the dataset without a suite should show it rather than an empty clean board.
    /// </summary>
    private static string DefaultSuite(string dataset, IReadOnlyCollection<string> boards)
    {
        var prefix = LeaderboardKeys.For(dataset, "");
        var suites = boards.Where(b => b.StartsWith(prefix, StringComparison.Ordinal)).Select(b => b[prefix.Length..])
            .ToList();
        return suites.Count == 1 ? suites[0] : "clean";
    }
}
