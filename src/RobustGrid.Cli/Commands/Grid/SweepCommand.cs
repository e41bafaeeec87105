using System.CommandLine;
using RobustGrid.Grid.Contracts;
using Spectre.Console;

namespace RobustGrid.Cli.Commands.Grid;

/// <summary>'robustgrid sweep ...': run, launch, status, cancel, pause, resume, list.</summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var command = new Command("sweep", "Run and manage sweeps of training methods x hyperparameters on the grid.");
        command.Subcommands.Add(SweepRunCommand.Create());
        command.Subcommands.Add(Launch());
        command.Subcommands.Add(Status());
        command.Subcommands.Add(
            Action("cancel", "Cancel a sweep: running trainers stop within seconds.", s => s.Cancel()));
        command.Subcommands.Add(
            Action("pause", "Pause a sweep: running trials finish, no new ones start.", s => s.Pause()));
        command.Subcommands.Add(Action("resume", "Resume a paused sweep.", s => s.Resume()));
        command.Subcommands.Add(List());
        return command;
    }

    private static Command Launch()
    {
        var spec = new Argument<FileInfo>("spec") { Description = "Sweep spec (YAML)." };
        var fresh = new Option<bool>("--new")
        {
            Description = "Start a new sweep even if an unfinished one with the same spec exists.",
        };
        var (cluster, redis, gateway) =
            (GridConnection.ClusterOption(), GridConnection.RedisOption(), GridConnection.GatewayOption());
        var command = new Command("launch", "Submit a sweep to a running cluster and return its id (use --cluster).")
        {
            spec, fresh,
        };
        GridConnection.AddTo(command, cluster, redis, gateway);
        command.SetAction((parse, ct) => GridErrors.RunAsync(async () =>
        {
            var file = parse.GetValue(spec)!;
            if (!file.Exists) throw new FileNotFoundException($"no sweep spec at {file.FullName}");
            var yaml = await File.ReadAllTextAsync(file.FullName, ct);
            var name = Path.GetFileNameWithoutExtension(file.Name);
            // Validated by the cluster, not here: its limits and input folders are its own.
            if (!parse.GetValue(cluster) && parse.GetValue(redis) is null)
                throw new ArgumentException("launch submits to a running cluster: " +
                    "add --cluster (and --redis HOST:PORT for a Redis cluster); 'sweep run' runs on the embedded grid");
            await using var grid = await GridConnection.OpenAsync(true, parse.GetValue(redis), parse.GetValue(gateway),
                readOnly: false, cancellationToken: ct);
            var result = await grid.Client.GetGrain<ISweepRegistryGrain>(0).Launch(yaml, name, parse.GetValue(fresh));
            if (!result.Ok)
            {
                foreach (var e in result.Errors) AnsiConsole.MarkupLineInterpolated($"[red]{e}[/]");
                return 2;
            }
            AnsiConsole.MarkupLineInterpolated(
                $"{(result.Resumed ? "resumed" : "launched")} sweep [bold]{result.SweepId}[/]");
            Console.WriteLine(result.SweepId);
            return 0;
        }));
        return command;
    }

    private static Command Status()
    {
        var id = new Argument<string>("id") { Description = "Sweep id." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var (cluster, redis, gateway) =
            (GridConnection.ClusterOption(), GridConnection.RedisOption(), GridConnection.GatewayOption());
        var command = new Command("status", "Show a sweep's state, counts per trial state and its trials.")
        {
            id, json,
        };
        GridConnection.AddTo(command, cluster, redis, gateway);
        command.SetAction((parse, ct) => GridErrors.RunAsync(async () =>
        {
            await using var grid = await GridConnection.OpenAsync(parse.GetValue(cluster), parse.GetValue(redis),
                parse.GetValue(gateway), readOnly: true, cancellationToken: ct);
            var sweep = grid.Client.GetGrain<ISweepGrain>(parse.GetValue(id)!);
            var summary = await sweep.GetSummary();
            if (summary.CreatedAt == default)
                throw new ArgumentException($"no sweep '{parse.GetValue(id)}' (see 'robustgrid sweep list')");
            var trials = await sweep.GetTrials();
            if (parse.GetValue(json))
            {
                Console.WriteLine(GridDisplay.Json(new { summary, trials }));
                return 0;
            }
            GridDisplay.Summary(summary, trials);
            AnsiConsole.Write(GridDisplay.Trials(trials));
            return 0;
        }));
        return command;
    }

    private static Command Action(string name, string description, Func<ISweepGrain, Task<SweepSummary>> action)
    {
        var id = new Argument<string>("id") { Description = "Sweep id." };
        var (cluster, redis, gateway) =
            (GridConnection.ClusterOption(), GridConnection.RedisOption(), GridConnection.GatewayOption());
        var command = new Command(name, description) { id };
        GridConnection.AddTo(command, cluster, redis, gateway);
        command.SetAction((parse, ct) => GridErrors.RunAsync(async () =>
        {
            // Not read-only: cancelling must reach trainers, and on the embedded store it records the new state.
            await using var grid =
                await OpenForChange(parse.GetValue(cluster), parse.GetValue(redis), parse.GetValue(gateway), ct);
            var sweep = grid.Client.GetGrain<ISweepGrain>(parse.GetValue(id)!);
            if ((await sweep.GetSummary()).CreatedAt == default)
                throw new ArgumentException($"no sweep '{parse.GetValue(id)}' (see 'robustgrid sweep list')");
            GridDisplay.Summary(await action(sweep));
            return 0;
        }));
        return command;
    }

    /// <summary>A change goes to the process that runs the sweep when there is one, else to the embedded
    /// store.</summary>
    private static async Task<GridConnection> OpenForChange(bool cluster, string? redis, int? gateway,
        CancellationToken ct)
    {
        if (cluster || redis is not null)
            return await GridConnection.OpenAsync(cluster, redis, gateway, readOnly: false, cancellationToken: ct);
        return await GridConnection.OpenAsync(false, null, gateway, readOnly: true, cancellationToken: ct);
    }

    private static Command List()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var (cluster, redis, gateway) =
            (GridConnection.ClusterOption(), GridConnection.RedisOption(), GridConnection.GatewayOption());
        var command = new Command("list", "List sweeps, newest first.") { json };
        GridConnection.AddTo(command, cluster, redis, gateway);
        command.SetAction((parse, ct) => GridErrors.RunAsync(async () =>
        {
            await using var grid = await GridConnection.OpenAsync(parse.GetValue(cluster), parse.GetValue(redis),
                parse.GetValue(gateway), readOnly: true, cancellationToken: ct);
            var sweeps = await grid.Client.GetGrain<ISweepRegistryGrain>(0).List();
            if (parse.GetValue(json))
            {
                Console.WriteLine(GridDisplay.Json(sweeps));
                return 0;
            }
            if (sweeps.Length == 0)
                AnsiConsole.WriteLine("no sweeps yet: try 'robustgrid sweep run examples/fashion-mnist-quick.yaml'");
            AnsiConsole.Write(GridDisplay.Sweeps(sweeps));
            return 0;
        }));
        return command;
    }
}
