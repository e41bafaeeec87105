using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>The HTTP API shows a pbt sweep's schedule, trial by trial, and refuses a bad <c>pbt</c> section with a 400
/// that names the field.</summary>
[Trait("Category", "Integration")]
public sealed class ApiPopulationTests
{
    private const string Spec = """
        name: api-pbt
        dataset: fashion-mnist
        method: pbt
        parameters:
          learning_rate: {values: [0.3, 0.1, 0.03, 0.01]}
          epochs: {value: 4}
        pbt: {population: 4, perturbation_interval: 2}
        parallel_trials: 4
        """;

    [Fact]
    public async Task EachTrialsParentEpochsAndPerturbedValuesAreInTheSweepsTrials()
    {
        var executor = new MovingOptimumExecutor();
        await using var api = await ApiSilo.StartAsync(
            new Dictionary<string, string>
            {
                ["RobustGrid:Silo:TrainerSlots"] = "4",
                ["RobustGrid:Silo:DriveSweeps"] = "true",
            },
            services =>
            {
                services.AddSingleton<ITrialExecutor>(executor);
                services.AddSingleton<ICheckpointEvaluator>(executor);
            });

        var refused = await Send(api, HttpMethod.Post, "/api/sweeps", Spec.Replace("population: 4", "population: 1",
            StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("pbt.population", refused.Body, StringComparison.Ordinal);

        var launched = await Send(api, HttpMethod.Post, "/api/sweeps", Spec);
        Assert.True(launched.Status == HttpStatusCode.Created, launched.Body);
        var id = JsonDocument.Parse(launched.Body).RootElement.GetProperty("sweepId").GetString()!;
        var answer = await Eventually.Until(async () => JsonDocument.Parse((await Send(api, HttpMethod.Get,
                $"/api/sweeps/{id}?trials=true")).Body).RootElement,
            s => s.GetProperty("summary").GetProperty("state").GetString() == "completed", TimeSpan.FromSeconds(90),
            $"sweep {id} completed");
        var trials = answer.GetProperty("trials").EnumerateArray().OrderBy(t => t.GetProperty("index").GetInt32())
            .ToList();
        Assert.Equal(8, trials.Count);
        foreach (var trial in trials)
        {
            var index = trial.GetProperty("index").GetInt32();
            var step = trial.GetProperty("population");
            Assert.Equal(index / 4, step.GetProperty("generation").GetInt32());
            Assert.Equal(index % 4, step.GetProperty("member").GetInt32());
            Assert.Equal(index < 4 ? 0 : 2, step.GetProperty("startEpoch").GetInt32());
            Assert.Equal(index < 4 ? 2 : 4, step.GetProperty("endEpoch").GetInt32());
            var parent = step.GetProperty("parentTrialId");
            if (index < 4) Assert.Equal(JsonValueKind.Null, parent.ValueKind);
            else Assert.StartsWith(id + "/0000", parent.GetString(), StringComparison.Ordinal);
        }
        // Of four members, the bottom quarter (one) continues a top member's checkpoint.
        var exploited = trials.Skip(4).Where(t => t.GetProperty("population").GetProperty("exploited").GetBoolean());
        Assert.Single(exploited);
    }

    private static Task<(HttpStatusCode Status, string Body, string Error)> Send(ApiSilo api, HttpMethod method,
        string path, string? body = null) => ApiAccessTests.Send(api, method, path, null, body);
}
