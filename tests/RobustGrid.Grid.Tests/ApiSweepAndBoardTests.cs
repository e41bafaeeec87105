using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// The HTTP API tells what the CLI tells, on a silo that runs sweeps: how a sweep ended, failures included; which
/// metric a board is ranked by when the query names none (the sweep's, as <c>robustgrid leaderboard</c> ranks) and
/// why; a board that does not exist is a 404 that lists those that do, and a metric the board does not have a 400
/// that lists those it has.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ApiSweepAndBoardTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>Ranked by accuracy, so that a board ranked by the default (clean error) reads upside down.</summary>
    private const string Spec = """
        name: api-outcome
        dataset: fashion-mnist
        method: grid
        metric: {name: clean/accuracy, goal: maximize}
        parameters:
          learning_rate: {values: [0.1, 0.2, 0.4]}
          epochs: {value: 1}
        seeds: [0]
        parallel_trials: 3
        max_failures: 0
        """;

    [Fact]
    public async Task ASweepWithAFailedTrialAndItsBoardReadAsInTheCli()
    {
        var simulated = new SimulatedExecutor(10);
        await using var api = await ApiSilo.StartAsync(
            new Dictionary<string, string>
            {
                ["RobustGrid:Silo:TrainerSlots"] = "2",
                ["RobustGrid:Silo:DriveSweeps"] = "true",
            },
            services =>
            {
                services.AddSingleton<ITrialExecutor>(new FailsAtHighRate(simulated));
                services.AddSingleton<ICheckpointEvaluator>(simulated);
            });

        var none = await Send(api, HttpMethod.Get, "/api/leaderboards/fashion-mnist/clean");
        Assert.Equal(HttpStatusCode.NotFound, none.Status);
        Assert.Contains("no leaderboard 'fashion-mnist/clean': no board has entries yet", none.Error);

        var launched = await Send(api, HttpMethod.Post, "/api/sweeps", Spec);
        Assert.True(launched.Status == HttpStatusCode.Created, launched.Body);
        var id = JsonDocument.Parse(launched.Body).RootElement.GetProperty("sweepId").GetString()!;
        var sweep = await Eventually.Until(async () => JsonDocument.Parse((await Send(api, HttpMethod.Get,
                $"/api/sweeps/{id}")).Body).RootElement,
            s => s.GetProperty("state").GetString() == "completed", Patience, $"sweep {id} completed");
        Assert.Equal(1, sweep.GetProperty("failed").GetInt32());
        Assert.Equal("completed with 1 failed", sweep.GetProperty("outcome").GetString());
        // The list has it too, once the sweep's report has reached the registry.
        await Eventually.Until(async () => JsonDocument.Parse((await Send(api, HttpMethod.Get, "/api/sweeps")).Body)
                .RootElement.EnumerateArray().Single(s => s.GetProperty("sweepId").GetString() == id)
                .GetProperty("outcome").GetString(),
            outcome => outcome == "completed with 1 failed", Patience, "the sweep list's outcome");

        // Without a metric: the sweep's, best (highest accuracy) first, and the answer says why.
        var board = await Board(api, "/api/leaderboards/fashion-mnist/clean");
        Assert.Equal("clean/accuracy", board.GetProperty("metric").GetString());
        Assert.False(board.GetProperty("lowerIsBetter").GetBoolean());
        Assert.Equal($"the metric of sweep {id}", board.GetProperty("metricReason").GetString());
        var rates = Rows(board).Select(r => r.GetProperty("parameters").GetProperty("learning_rate").GetString())
            .ToList();
        Assert.Equal(["0.2", "0.1"], rates);
        var means = Rows(board).Select(r => r.GetProperty("mean").GetDouble()).ToList();
        Assert.True(means[0] > means[1], string.Join(", ", means));

        // The same board by a metric asked for.
        board = await Board(api, "/api/leaderboards/fashion-mnist/clean?metric=clean/error");
        Assert.Equal("clean/error", board.GetProperty("metric").GetString());
        Assert.Equal("the metric asked for", board.GetProperty("metricReason").GetString());
        Assert.Equal(["0.2", "0.1"],
            Rows(board).Select(r => r.GetProperty("parameters").GetProperty("learning_rate").GetString()));

        var metric = await Send(api, HttpMethod.Get, "/api/leaderboards/fashion-mnist/clean?metric=clean/accuracyy");
        Assert.Equal(HttpStatusCode.BadRequest, metric.Status);
        Assert.StartsWith("metric: 'clean/accuracyy' is not a metric of leaderboard 'fashion-mnist/clean'",
            metric.Error, StringComparison.Ordinal);
        Assert.Contains("clean/accuracy", metric.Error.Split("metrics: ")[1].Split(", "));
        Assert.Contains("clean/error", metric.Error.Split("metrics: ")[1].Split(", "));

        foreach (var path in (string[])["cifar10/clean", "fashion-mnist/fashion-mnist-c"])
        {
            var missing = await Send(api, HttpMethod.Get, $"/api/leaderboards/{path}");
            Assert.Equal(HttpStatusCode.NotFound, missing.Status);
            Assert.Equal($"no leaderboard '{path}'; leaderboards: fashion-mnist/clean", missing.Error);
        }
    }

    private static async Task<JsonElement> Board(ApiSilo api, string path)
    {
        var answer = await Send(api, HttpMethod.Get, path);
        Assert.True(answer.Status == HttpStatusCode.OK, answer.Body);
        return JsonDocument.Parse(answer.Body).RootElement;
    }

    private static IEnumerable<JsonElement> Rows(JsonElement board) => board.GetProperty("rows").EnumerateArray();

    private static Task<(HttpStatusCode Status, string Body, string Error)> Send(ApiSilo api, HttpMethod method,
        string path, string? body = null) => ApiAccessTests.Send(api, method, path, null, body);

    /// <summary>The simulated trainer, except that a trial with a learning rate above 0.3 fails as it starts.</summary>
    private sealed class FailsAtHighRate(SimulatedExecutor inner) : ITrialExecutor
    {
        public TrialRunResult Run(TrainerJob job, ITrialProgress progress, CancellationToken cancellationToken) =>
            double.Parse(job.Spec.Parameters["learning_rate"], CultureInfo.InvariantCulture) > 0.3
                ? throw new InvalidOperationException("this trainer refuses learning rates above 0.3")
                : inner.Run(job, progress, cancellationToken);
    }
}
