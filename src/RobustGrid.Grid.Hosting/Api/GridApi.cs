using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace RobustGrid.Grid.Hosting.Api;

/// <summary>
/// The HTTP JSON API of a silo host: the same operations as the CLI. Sweep specs are posted as YAML text; every
/// answer is JSON. Validation errors come back as 400 with the list of "path: message" lines.
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
        var api = app.MapGroup("/api");

        api.MapPost("/sweeps", async (HttpRequest request, IClusterClient grid, string? name, bool? @new) =>
        {
            using var reader = new StreamReader(request.Body);
            var yaml = await reader.ReadToEndAsync();
            var result = await grid.GetGrain<ISweepRegistryGrain>(0).Launch(yaml, name, @new ?? false);
            return result.Ok ? Results.Json(result, Json, statusCode: result.Resumed ? 200 : 201) : Results.Json(result, Json, statusCode: 400);
        });

        api.MapGet("/sweeps", async (IClusterClient grid) => Results.Json(await grid.GetGrain<ISweepRegistryGrain>(0).List(), Json));

        api.MapGet("/sweeps/{id}", async (string id, IClusterClient grid, bool? trials) =>
        {
            var sweep = grid.GetGrain<ISweepGrain>(id);
            var summary = await sweep.GetSummary();
            if (summary.CreatedAt == default) return NotFound(id);
            return trials == true
                ? Results.Json(new { summary, trials = await sweep.GetTrials() }, Json)
                : Results.Json(summary, Json);
        });

        api.MapPost("/sweeps/{id}/{action}", async (string id, string action, IClusterClient grid) =>
        {
            var sweep = grid.GetGrain<ISweepGrain>(id);
            if ((await sweep.GetSummary()).CreatedAt == default) return NotFound(id);
            SweepSummary? summary = action switch
            {
                "cancel" => await sweep.Cancel(),
                "pause" => await sweep.Pause(),
                "resume" => await sweep.Resume(),
                _ => null,
            };
            return summary is null
                ? Results.Json(new { error = $"unknown action '{action}'; allowed: cancel, pause, resume" }, Json, statusCode: 400)
                : Results.Json(summary, Json);
        });

        // The index as printed (00007) or as a number (7): both name the same trial.
        api.MapGet("/trials/{sweep}/{index}", async (string sweep, string index, IClusterClient grid) =>
            TrialId.IsSweepId(sweep) && int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? Results.Json(await grid.GetGrain<IExperimentGrain>(new TrialId(sweep, n).ToString()).GetStatus(), Json)
                : Results.Json(new { error = $"'{sweep}/{index}' is not a trial id: use /api/trials/<sweep id>/<index>" }, Json, statusCode: 400));

        api.MapGet("/leaderboards", async (IClusterClient grid) => Results.Json(await grid.GetGrain<ILeaderboardIndexGrain>(0).List(), Json));

        api.MapGet("/leaderboards/{dataset}/{suite}", async (string dataset, string suite, IClusterClient grid,
            string? metric, int? top, string? method, string? model, string? sweep, bool? group, string? goal,
            string? baseline) =>
        {
            if (goal is not (null or "minimize" or "maximize"))
                return Results.Json(new { error = "goal: use minimize or maximize" }, Json, statusCode: 400);
            var query = new LeaderboardQuery(metric ?? MetricNames.CleanError, Math.Clamp(top ?? 10, 1, 10_000), method, model, sweep,
                group ?? true, goal is null ? null : goal == "minimize", baseline);
            return Results.Json(await grid.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For(dataset, suite)).Query(query), Json);
        });

        api.MapGet("/slots", async (IClusterClient grid) => Results.Json(await grid.GetGrain<ISlotSchedulerGrain>(0).GetStatus(), Json));

        return app;
    }

    private static IResult NotFound(string id) => Results.Json(new { error = $"no sweep '{id}'" }, Json, statusCode: 404);
}
