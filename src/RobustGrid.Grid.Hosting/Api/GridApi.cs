using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Hosting.Api;

/// <summary>
/// The HTTP JSON API of a silo host: the same operations as the CLI. Sweep specs are posted as YAML text; every
/// answer is JSON. Validation errors come back as 400 with the list of "path: message" lines, unknown sweeps, trials
/// and leaderboards as 404. Reading needs a read token and changing the grid an admin token (<see cref="ApiAccess"/>).
/// </summary>
public static class GridApi
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        WriteIndented = true,
    };

    public static IEndpointRouteBuilder MapRobustGridApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(ApiAccess.ReadPolicy);

        api.MapPost("/sweeps", async (HttpRequest request, IClusterClient grid, SpecRules rules, string? name,
            bool? @new) =>
        {
            var limit = rules.Limits.MaxSpecBytes;
            if (await SpecBody.ReadAsync(request, limit, request.HttpContext.RequestAborted) is not { } yaml)
            {
                return Results.Json(new LaunchResult(null, [TooLarge(limit)], false), Json,
                    statusCode: StatusCodes.Status413PayloadTooLarge);
            }
            var result = await grid.GetGrain<ISweepRegistryGrain>(0).Launch(yaml, name, @new ?? false);
            return result.Ok ? Results.Json(result, Json, statusCode: result.Resumed ? 200 : 201)
                : Results.Json(result, Json, statusCode: 400);
        }).RequireAuthorization(ApiAccess.AdminPolicy);

        api.MapGet("/sweeps",
            async (IClusterClient grid) => Results.Json(await grid.GetGrain<ISweepRegistryGrain>(0).List(), Json));

        api.MapGet("/sweeps/{id}", async (string id, IClusterClient grid, bool? trials) =>
        {
            if (await Existing(grid, id) is not { } summary) return NotFound(id);
            var sweep = grid.GetGrain<ISweepGrain>(id);
            return trials == true
                ? Results.Json(new { summary, trials = await sweep.GetTrials() }, Json)
                : Results.Json(summary, Json);
        });

        api.MapPost("/sweeps/{id}/{action}", async (string id, string action, IClusterClient grid) =>
        {
            if (await Existing(grid, id) is null) return NotFound(id);
            var sweep = grid.GetGrain<ISweepGrain>(id);
            SweepSummary? summary = action switch
            {
                "cancel" => await sweep.Cancel(),
                "pause" => await sweep.Pause(),
                "resume" => await sweep.Resume(),
                _ => null,
            };
            return summary is null
                ? Results.Json(new { error = $"unknown action '{action}'; allowed: cancel, pause, resume" }, Json,
                    statusCode: 400)
                : Results.Json(summary, Json);
        }).RequireAuthorization(ApiAccess.AdminPolicy);

        // The index as printed (00007) or as a number (7): both name the same trial. A trial exists once its sweep
        // defines it; one not launched yet is pending.
        api.MapGet("/trials/{sweep}/{index}", async (string sweep, string index, IClusterClient grid) =>
        {
            if (!TrialId.IsSweepId(sweep) || !int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture,
                    out var n))
                return Error(400, $"'{sweep}/{index}' is not a trial id: use /api/trials/<sweep id>/<index>");
            if (await Existing(grid, sweep) is not { } summary) return NotFound(sweep);
            var trial = new TrialId(sweep, n);
            if (n >= summary.DefinedTrials)
                return Error(404, $"no trial '{trial}': sweep '{sweep}' defines {summary.DefinedTrials}");
            return Results.Json(await grid.GetGrain<IExperimentGrain>(trial.ToString()).GetStatus(), Json);
        });

        // The checkpoint is the one the grid recorded for the trial; nothing from the request names a file.
        api.MapGet("/trials/{sweep}/{index}/export", async (string sweep, string index, string? format,
            IClusterClient grid, IServiceProvider services, HttpContext context) =>
        {
            if (services.GetService(typeof(ICheckpointExports)) is not ICheckpointExports exports)
                return Error(404, "this silo cannot export checkpoints");
            format ??= exports.Formats[0];
            if (!exports.Formats.Contains(format))
                return Error(400, $"format: use {string.Join(" or ", exports.Formats)}");
            if (!TrialId.IsSweepId(sweep) || !int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture,
                    out var n))
                return Error(400, $"'{sweep}/{index}' is not a trial id: use /api/trials/<sweep id>/<index>");
            if (await Existing(grid, sweep) is null) return NotFound(sweep);
            var trial = new TrialId(sweep, n);
            var status = await grid.GetGrain<IExperimentGrain>(trial.ToString()).GetStatus();
            if (status.State != TrialState.Completed || status.CheckpointPath is null)
                return Error(404, $"trial '{trial}' has no trained checkpoint to export (it is " +
                                  $"{status.State.ToDisplay()})");
            var target = Path.Combine(Path.GetTempPath(), $"robustgrid-export-{Guid.NewGuid():N}.{format}");
            try
            {
                await exports.ExportAsync(status.CheckpointPath, format, target, context.RequestAborted);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException)
            {
                File.Delete(target);
                return Error(500, $"trial '{trial}': its checkpoint could not be exported: {e.Message}");
            }
            // Deleted when the answer has been sent (or the client left).
            var file = new FileStream(target, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete,
                64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            return Results.File(file, "application/octet-stream", $"{sweep}-{trial.IndexText}.{format}");
        });

        api.MapGet("/leaderboards",
            async (IClusterClient grid) => Results.Json(await grid.GetGrain<ILeaderboardIndexGrain>(0).List(), Json));

        // A folder:PATH dataset is one URL-encoded segment (LeaderboardReader.DatasetOfRoute).
        api.MapGet("/leaderboards/{dataset}/{suite}", async (string dataset, string suite, IClusterClient grid,
            SpecRules rules, string? metric, int? top, string? method, string? model, string? sweep, bool? group,
            string? goal, string? baseline, string? protocol) =>
        {
            var answer = await LeaderboardReader.ReadAsync(grid, new LeaderboardAsk(dataset, suite, metric, top,
                method, model, sweep, group, goal, baseline, protocol), rules.Datasets);
            return answer.Page is { } page ? Results.Json(page, Json) : Error(answer.Status, answer.Error!);
        });

        api.MapGet("/leaderboards/{dataset}/{suite}/pareto", async (string dataset, string suite,
            IClusterClient grid, SpecRules rules, string? metrics, string? goals, string? method, string? model,
            string? sweep, string? protocol) =>
        {
            dataset = LeaderboardReader.DatasetOfRoute(dataset);
            if (LeaderboardReader.Refusal(dataset, rules.Datasets) is { } refusal) return Error(400, refusal);
            var (names, lower, error) = ParetoRequest.Parse("metrics", metrics, goals);
            if (error is not null) return Error(400, error);
            if (protocol is not (null or LeaderboardProtocols.Blind or LeaderboardProtocols.NonBlind))
                return Error(400, $"protocol: use {LeaderboardProtocols.Blind} or {LeaderboardProtocols.NonBlind}");
            var key = LeaderboardKeys.For(dataset, suite);
            var boards = await grid.GetGrain<ILeaderboardIndexGrain>(0).List();
            if (!boards.Contains(key))
                return Error(404, boards.Length == 0
                    ? $"no leaderboard '{key}': no board has entries yet"
                    : $"no leaderboard '{key}'; leaderboards: {string.Join(", ", boards)}");
            var page = await grid.GetGrain<ILeaderboardGrain>(key)
                .QueryPareto(new ParetoQuery(names, lower, method, model, sweep, protocol));
            return ParetoRequest.UnknownMetrics("metrics", page) is { } unknown
                ? Error(400, unknown)
                : Results.Json(page, Json);
        });
        api.MapPost("/sweeps/validate", async (HttpRequest request, SpecRules rules, string? name) =>
        {
            var limit = rules.Limits.MaxSpecBytes;
            if (await SpecBody.ReadAsync(request, limit, request.HttpContext.RequestAborted) is not { } yaml)
                return Results.Json(new SpecCheck([TooLarge(limit)]), Json,
                    statusCode: StatusCodes.Status413PayloadTooLarge);
            var (_, errors) = SweepSpecParser.Parse(yaml, name, rules);
            return Results.Json(new SpecCheck([.. errors.Select(e => e.ToString())]), Json);
        }).RequireAuthorization(ApiAccess.AdminPolicy);

        api.MapGet("/slots",
            async (IClusterClient grid) => Results.Json(await grid.GetGrain<ISlotSchedulerGrain>(0).GetStatus(), Json));

        return app;
    }

    /// <summary>The sweep's summary, or null when there is none (a text that is no id is not looked up).</summary>
    private static async Task<SweepSummary?> Existing(IClusterClient grid, string id)
    {
        if (!TrialId.IsSweepId(id)) return null;
        var summary = await grid.GetGrain<ISweepGrain>(id).GetSummary();
        return summary.CreatedAt == default ? null : summary;
    }

    private static string TooLarge(int limit) =>
        $"(spec): the request body is larger than this grid's limit of {limit} bytes " +
        $"({SweepLimits.Key(nameof(SweepLimits.MaxSpecBytes))})";

    private static IResult NotFound(string id) => Error(404, $"no sweep '{id}'");

    /// <summary>A spec checked without launching it: every error with its field path; none when it would
    /// launch.</summary>
    public sealed record SpecCheck(string[] Errors);

    private static IResult Error(int status, string message) =>
        Results.Json(new { error = message }, Json, statusCode: status);
}
