using System.Net;
using System.Text.Json;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// The same spec launched 200 times at once through the real HTTP API makes one sweep: the registry is reentrant, and
/// a launch that arrives while the first one awaits its sweep's start joins it instead of starting another.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SweepRegistryRaceTests
{
    private const int Launches = 200;
    private const int AtOnce = 50;

    private const string Spec = """
        name: race
        dataset: fashion-mnist
        parameters:
          learning_rate: {values: [0.1, 0.2, 0.3]}
        """;

    [Fact]
    public async Task TwoHundredConcurrentLaunchesOfOneSpecCreateExactlyOneSweep()
    {
        await using var silo = await ApiSilo.StartAsync();
        using var gate = new SemaphoreSlim(AtOnce);
        var answers = await Task.WhenAll(Enumerable.Range(0, Launches).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                using var response = await silo.Http.PostAsync("/api/sweeps", new StringContent(Spec));
                var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                return (response.StatusCode, Id: body.GetProperty("sweepId").GetString());
            }
            finally
            {
                gate.Release();
            }
        }));

        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{a}"));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.Single(answers.Select(a => a.Id).Distinct());
        using var list = JsonDocument.Parse(await silo.Http.GetStringAsync("/api/sweeps"));
        var sweeps = list.RootElement.EnumerateArray().ToList();
        Assert.Equal(answers[0].Id, Assert.Single(sweeps).GetProperty("sweepId").GetString());
    }
}
