using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RobustGrid.Grid.Grains.Specs;
using RobustGrid.Grid.Hosting.Api;

namespace RobustGrid.Grid.Hosting.WebConsole;

/// <summary>
/// The web console under /console, on the API's port and under the API's access rules: every page needs a read
/// token, and what it changes goes through the API's admin endpoints (<see cref="ConsoleSignIn"/> gives a browser
/// its token). Pages are HTML rendered here; the only script is the console's own, for live blocks, sorting and
/// the buttons.
/// </summary>
public static class ConsoleEndpoints
{
    /// <summary>Longest query value a page takes (a configuration key, a metric, a filter).</summary>
    public const int MaxQueryValue = 2048;

    /// <summary>Most columns a board page shows besides its ranking metric.</summary>
    public const int MaxColumns = 64;

    /// <summary>Most trials whose learning curves a sweep page draws.</summary>
    public const int MaxCurves = 200;

    public static IEndpointRouteBuilder MapRobustGridConsole(this IEndpointRouteBuilder app)
    {
        app.MapConsoleAssets();
        app.MapConsoleSignIn();
        var console = app.MapGroup(ConsolePage.Root).RequireAuthorization(ApiAccess.ReadPolicy)
            .ExcludeFromDescription();

        console.MapGet("", async (IClusterClient grid) => ConsolePage.Answer("Sweeps",
            SweepsView.Page(await grid.GetGrain<ISweepRegistryGrain>(0).List())));

        console.MapGet("/events/sweeps", (HttpContext context, IClusterClient grid) =>
            ServerEvents.StreamAsync(context, async _ =>
                (SweepsView.Table(await grid.GetGrain<ISweepRegistryGrain>(0).List()), false)));

        console.MapGet("/sweeps/{id}", async (string id, IClusterClient grid) =>
            await SweepDetails.ReadAsync(grid, id, MaxCurves) is { } sweep
                ? ConsolePage.Answer($"Sweep {sweep.Summary.Name}", SweepView.Page(sweep))
                : ConsolePage.Error(404, $"no sweep '{id}'"));

        console.MapGet("/events/sweeps/{id}", async (HttpContext context, string id, IClusterClient grid) =>
        {
            if (!TrialId.IsSweepId(id))
            {
                context.Response.StatusCode = 404;
                return;
            }
            await ServerEvents.StreamAsync(context, async _ => await SweepDetails.ReadAsync(grid, id, MaxCurves)
                is { } sweep ? (SweepView.Live(sweep), sweep.Summary.State.IsFinished()) : ("", true));
        });

        console.MapGet("/leaderboards", async (IClusterClient grid) => ConsolePage.Answer("Leaderboards",
            BoardView.List(await grid.GetGrain<ILeaderboardIndexGrain>(0).List())));

        console.MapGet("/leaderboards/{dataset}/{suite}", async (string dataset, string suite, IClusterClient grid,
            SpecRules rules, string? metric, string? method, string? model, string? sweep, int? rows,
            string[]? col) =>
        {
            if (TooLong([dataset, suite, metric, method, model, sweep, .. col ?? []]) is { } refusal) return refusal;
            if (col?.Length > MaxColumns) return ConsolePage.Error(400, $"col: at most {MaxColumns} columns");
            var ask = new LeaderboardAsk(dataset, suite, Blank(metric), LeaderboardReader.MaxTop, Blank(method),
                Blank(model), Blank(sweep));
            var answer = await LeaderboardReader.ReadAsync(grid, ask, rules.Datasets);
            if (answer.Page is not { } board) return ConsolePage.Error(answer.Status, answer.Error!);
            var asked = new BoardPageAsk(ask with { Dataset = board.Dataset },
                Math.Clamp(rows ?? BoardView.DefaultRows, 1, LeaderboardReader.MaxTop),
                col ?? []);
            return ConsolePage.Answer($"Leaderboard {LeaderboardKeys.For(board.Dataset, suite)}",
                BoardView.Page(board, asked));
        });

        console.MapGet("/leaderboards/{dataset}/{suite}/entry", async (string dataset, string suite, string config,
            IClusterClient grid, SpecRules rules, IServiceProvider services) =>
        {
            if (TooLong([dataset, suite, config]) is { } refusal) return refusal;
            var answer = await LeaderboardReader.ReadAsync(grid,
                new LeaderboardAsk(dataset, suite, Top: LeaderboardReader.MaxTop), rules.Datasets);
            if (answer.Page is not { } board) return ConsolePage.Error(answer.Status, answer.Error!);
            return board.Rows.FirstOrDefault(r => r.ConfigKey == config) is { } row
                ? ConsolePage.Answer($"{row.Method} · {row.Model}", EntryView.Page(board, row,
                    (services.GetService(typeof(ICheckpointExports)) as ICheckpointExports)?.Formats ?? []))
                : ConsolePage.Error(404, $"leaderboard '{LeaderboardKeys.For(board.Dataset, suite)}' has no " +
                                         "configuration " +
                                         "with that key");
        });

        console.MapGet("/corruptions", (IServiceProvider services) => ConsolePage.Answer("Corruptions",
            CorruptionsView.Page(services.GetService(typeof(ICorruptionPreviews)) as ICorruptionPreviews)));

        console.MapGet("/corruptions/{dataset}.png", async (string dataset, IServiceProvider services,
            CancellationToken cancellationToken) =>
        {
            if (services.GetService(typeof(ICorruptionPreviews)) is not ICorruptionPreviews previews)
                return ConsolePage.Error(404, "this silo draws no corruption previews");
            if (!previews.Datasets.Contains(dataset))
                return ConsolePage.Error(404, $"no dataset '{dataset}'; datasets: {string.Join(", ",
                    previews.Datasets)}");
            try
            {
                return Results.File(await previews.PngAsync(dataset, cancellationToken), "image/png");
            }
            catch (InvalidOperationException e)
            {
                return ConsolePage.Error(404, e.Message);
            }
        });

        console.MapGet("/launch", (SpecRules rules) =>
            ConsolePage.Answer("Launch a sweep", LaunchView.Page(rules.Limits.MaxSpecBytes)));
        return app;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static IResult? TooLong(IEnumerable<string?> values) =>
        values.Any(v => v?.Length > MaxQueryValue)
            ? ConsolePage.Error(400, $"a value of the request is longer than {MaxQueryValue} characters")
            : null;
}
