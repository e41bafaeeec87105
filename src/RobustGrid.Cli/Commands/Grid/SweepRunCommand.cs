using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Grains.Specs;
using RobustGrid.Grid.Hosting.Timing;
using Spectre.Console;

namespace RobustGrid.Cli.Commands.Grid;

/// <summary>
/// 'robustgrid sweep run SPEC.yaml': validates, runs the sweep on an embedded silo with a live display, then prints
/// the leaderboard. Killed or interrupted, the same command resumes the unfinished sweep from its checkpoints.
/// </summary>
internal static class SweepRunCommand
{
    public static Command Create()
    {
        var spec = new Argument<FileInfo>("spec") { Description = "Sweep spec (YAML)." };
        var slots = new Option<int>("--slots")
        {
            Description = "Trainer slots of the embedded silo (trials trained at once).",
            DefaultValueFactory = _ => 1,
        };
        var device = new Option<string>("--device")
        {
            Description = "Device of the embedded silo's slots: cpu or cuda.",
            DefaultValueFactory = _ => "cpu",
        };
        var fresh = new Option<bool>("--new")
        {
            Description = "Start a new sweep even if an unfinished one with the same spec exists.",
        };
        var top = new Option<int>("--top")
        {
            Description = "Leaderboard rows printed at the end.",
            DefaultValueFactory = _ => 10,
        };
        var verbose = new Option<bool>("--verbose")
        {
            Description = "Log the embedded grid at debug level, with the stack traces of errors it recovered from.",
        };
        var command = new Command("run",
            "Run a sweep to completion on the embedded grid, with live progress; then print the leaderboard.")
        {
            spec, slots, device, fresh, top, verbose,
        };
        command.SetAction((parse, ct) =>
            GridErrors.RunAsync(() => Run(parse.GetValue(spec)!, parse.GetValue(slots), parse.GetValue(device)!,
            parse.GetValue(fresh), parse.GetValue(top), parse.GetValue(verbose), ct)));
        return command;
    }

    private static async Task<int> Run(FileInfo file, int slots, string device, bool fresh, int top, bool verbose,
        CancellationToken ct)
    {
        if (!file.Exists) throw new FileNotFoundException($"no sweep spec at {file.FullName}");
        if (slots < 1) throw new ArgumentException("--slots must be at least 1");
        if (device is not ("cpu" or "cuda")) throw new ArgumentException("--device: use cpu or cuda");
        var yaml = await File.ReadAllTextAsync(file.FullName, ct);
        var name = Path.GetFileNameWithoutExtension(file.Name);
        if (!Validate(yaml, name, GridConnection.EmbeddedRules())) return 2;

        await using var grid = await GridConnection.OpenAsync(false, null, null, readOnly: false,
            new GridSiloOptions { TrainerSlots = slots, TrainerDevice = device }, verbose, ct);
        var launch = await grid.Client.GetGrain<ISweepRegistryGrain>(0).Launch(yaml, name, fresh);
        if (!launch.Ok)
        {
            foreach (var e in launch.Errors) AnsiConsole.MarkupLineInterpolated($"[red]{e}[/]");
            return 2;
        }
        if (launch.Resumed)
            AnsiConsole.MarkupLineInterpolated(
                $"resuming unfinished sweep [bold]{launch.SweepId}[/] ({grid.Description})");
        else
            AnsiConsole.MarkupLineInterpolated($"sweep [bold]{launch.SweepId}[/] started ({grid.Description})");

        var sweep = grid.Client.GetGrain<ISweepGrain>(launch.SweepId!);
        var (summary, trials) = await Watch(sweep, ct);
        GridDisplay.Summary(summary, trials);
        if (!summary.State.IsFinished())
        {
            AnsiConsole.MarkupLine(
                "[yellow]interrupted[/]: run the same command again to resume the sweep from its checkpoints");
            return 130;
        }
        var query = new LeaderboardQuery(summary.Metric, top, SweepId: summary.SweepId,
            Baseline: LeaderboardCommand.BaselineDefault);
        var board = grid.Client.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For(summary.Dataset, summary.Suite));
        var page = await board.Query(query);
        GridDisplay.Leaderboard(page, query);
        if (grid.Timeline is { } timeline)
        {
            var started = new DateTimeOffset(Process.GetCurrentProcess().StartTime);
            Console.WriteLine("time: " + TimeBreakdown.Of(timeline.Snapshot(), started, DateTimeOffset.Now));
        }
        // A sweep that lost trials did not do what it was asked to: scripts see it in the exit code.
        return summary.State == SweepState.Completed && summary.Failed == 0 ? 0 : 1;
    }

    /// <summary>Checks the spec here, under the embedded grid's rules, so that nothing starts for a bad one.</summary>
    private static bool Validate(string yaml, string name, SpecRules rules)
    {
        var (_, errors) = SweepSpecParser.Parse(yaml, name, rules);
        if (errors.Count == 0) return true;
        AnsiConsole.MarkupLine($"[red]the sweep spec is invalid ({errors.Count} " +
            $"error{(errors.Count == 1 ? "" : "s")}); nothing was started:[/]");
        foreach (var e in errors) AnsiConsole.MarkupLineInterpolated($"  [red]{e.Path}[/]: {e.Message}");
        return false;
    }

    /// <summary>
    /// Polls until the sweep finishes or Ctrl+C; a live table on a terminal, a line per change otherwise. Trials are
    /// counted by their own state (the sweep only knows which are finished). Returns the last summary and trials.
    /// </summary>
    private static async Task<(SweepSummary Summary, ExperimentStatus[] Trials)> Watch(ISweepGrain sweep,
        CancellationToken ct)
    {
        var summary = await sweep.GetSummary();
        ExperimentStatus[] trials = [];
        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            await AnsiConsole.Live(new Markup("")).AutoClear(false).StartAsync(async live =>
            {
                while (!Done(summary) && !ct.IsCancellationRequested)
                {
                    var now = await sweep.GetTrials();
                    var running = now.Where(t => !t.State.IsTerminal());
                    live.UpdateTarget(new Rows(
                        Markup.FromInterpolated($"[bold]{summary.Outcome}[/]: {GridDisplay.Counts(summary, now)}"),
                        GridDisplay.Trials(running)));
                    await Delay(ct);
                    summary = await sweep.GetSummary();
                }
                trials = await sweep.GetTrials();
                live.UpdateTarget(GridDisplay.Trials(trials));
            });
            return (summary, trials);
        }
        var last = "";
        while (!Done(summary) && !ct.IsCancellationRequested)
        {
            var line = $"{summary.Outcome}: {GridDisplay.Counts(summary, await sweep.GetTrials())}";
            if (line != last)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{DateTime.Now:HH:mm:ss}] {line}"));
            last = line;
            await Delay(ct);
            summary = await sweep.GetSummary();
        }
        trials = await sweep.GetTrials();
        AnsiConsole.Write(GridDisplay.Trials(trials));
        return (summary, trials);
    }

    private static bool Done(SweepSummary s) =>
        s.State.IsFinished() && s.Counts.Where(c => !c.Key.IsTerminal()).Sum(c => c.Value) == 0;

    private static async Task Delay(CancellationToken ct)
    {
        try
        {
            await Task.Delay(1000, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
