using System.CommandLine;
using RobustGrid.Grid.Contracts;

namespace RobustGrid.Cli.Commands.Grid;

/// <summary>'robustgrid leaderboard --dataset D [--suite S] [--metric M] [--top K] [--json]'.</summary>
internal static class LeaderboardCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "fashion-mnist or cifar10.", Required = true };
        var suite = new Option<string>("--suite") { Description = "clean, or the dataset's corruption suite.", DefaultValueFactory = _ => "clean" };
        var metric = new Option<string?>("--metric") { Description = "Any metric column: clean/error (default), clean/accuracy, corruption/mce, calibration/ece, corruption/NAME[/SEVERITY]." };
        var top = new Option<int>("--top") { DefaultValueFactory = _ => 10 };
        var method = new Option<string?>("--method") { Description = "Only this training method." };
        var model = new Option<string?>("--model") { Description = "Only this model." };
        var sweep = new Option<string?>("--sweep") { Description = "Only this sweep." };
        var perSeed = new Option<bool>("--per-seed") { Description = "One row per trial instead of mean ± std across seeds." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var (cluster, redis, gateway) = (GridConnection.ClusterOption(), GridConnection.RedisOption(), GridConnection.GatewayOption());
        var command = new Command("leaderboard", "Top configurations on a dataset and suite, grouped across seeds (reads the embedded store unless --cluster).")
        {
            dataset, suite, metric, top, method, model, sweep, perSeed, json,
        };
        GridConnection.AddTo(command, cluster, redis, gateway);
        command.SetAction((parse, ct) => GridErrors.RunAsync(async () =>
        {
            if (parse.GetValue(top) < 1) throw new ArgumentException("--top must be at least 1");
            await using var grid = await GridConnection.OpenAsync(parse.GetValue(cluster), parse.GetValue(redis), parse.GetValue(gateway), readOnly: true, cancellationToken: ct);
            var query = new LeaderboardQuery(parse.GetValue(metric) ?? MetricNames.CleanError, parse.GetValue(top), parse.GetValue(method),
                parse.GetValue(model), parse.GetValue(sweep), !parse.GetValue(perSeed));
            var page = await grid.Client.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For(parse.GetValue(dataset)!, parse.GetValue(suite)!)).Query(query);
            if (parse.GetValue(json)) Console.WriteLine(GridDisplay.Json(page));
            else GridDisplay.Leaderboard(page);
            return 0;
        }));
        return command;
    }
}
