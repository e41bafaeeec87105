using System.Globalization;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Grains;
using RobustGrid.Grid.Grains.Sampling;
using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// <c>warm_start</c>: earlier sweeps' finished trials become observations of the new space (only what fits it), so a
/// model-based sweep's first configuration already comes from its model; an unknown sweep or one on another dataset is
/// refused at launch.
/// </summary>
public sealed class WarmStartTests
{
    private static SweepSpec Tpe(string warmStart = "") => SweepSpecParser.Parse(SpecText(warmStart)).Spec
        ?? throw new InvalidOperationException("the spec should parse");

    private static WarmStartTrial Trial(string? learningRate, double? error, string epochs = "1") => new()
    {
        Parameters = learningRate is null ? new() { ["epochs"] = epochs }
            : new() { ["learning_rate"] = learningRate, ["epochs"] = epochs, ["model"] = "small-cnn" },
        Metrics = error is { } e ? new() { [MetricNames.CleanError] = e } : [],
    };

    [Fact]
    public void OnlyWhatFitsTheNewSpaceIsCarriedOver()
    {
        var observations = WarmStartObservations.From(Tpe(),
        [
            Trial("0.1", 0.3), Trial("0.1", 0.5), // two seeds of one configuration: their mean
            Trial("0.3", 0.2, epochs: "5"), // other epochs than this sweep's constant: the learning rate still fits
            Trial("0.9", 0.1), // outside [0.05, 0.45] and nothing else searched: says nothing here
            Trial(null, 0.1), // no searched parameter
            Trial("0.2", null), // no value of the objective
        ]);
        Assert.Equal(2, observations.Count);
        var byRate = observations.ToDictionary(o => o.Config["learning_rate"]);
        Assert.Equal(0.4, byRate["0.1"].Loss, 12);
        Assert.Equal(0.2, byRate["0.3"].Loss, 12);
        Assert.False(byRate["0.3"].Config.ContainsKey("epochs"));
        Assert.All(observations, o => Assert.False(o.Config.ContainsKey("model")));
    }

    [Fact]
    public void TpeStartsFromTheEarlierObservations()
    {
        var spec = Tpe();
        var sampler = ConfigSamplers.For(spec);
        // Four results with the optimum near 0.4: more than n_startup_trials, so configuration 0 is the model's.
        var warm = WarmStartObservations.From(spec,
            [Trial("0.1", 0.6), Trial("0.2", 0.5), Trial("0.3", 0.3), Trial("0.4", 0.1)]);
        var cold = sampler.Sample(0, []);
        var started = sampler.Sample(0, warm);
        Assert.Equal(TpeSampler.Draw(spec, SamplerRandom.For(spec.SamplerSeed, 0)), cold);
        Assert.NotEqual(cold, started);
        var rate = double.Parse(started["learning_rate"], CultureInfo.InvariantCulture);
        Assert.InRange(rate, 0.25, 0.45);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task ASweepStartsFromAnEarlierOneAndUnknownOrForeignSweepsAreRefused()
    {
        await using var grid = await GridCluster.StartAsync(1, () => new SimulatedExecutor(20));
        var registry = grid.Client.GetGrain<ISweepRegistryGrain>(0);
        var unknown = await registry.Launch(SpecText("warm_start: [warm-a]"), null);
        Assert.False(unknown.Ok);
        Assert.Contains(unknown.Errors, e => e.StartsWith("warm_start: no sweep named or with id 'warm-a'",
            StringComparison.Ordinal));

        var first = await registry.Launch("""
            name: warm-a
            dataset: fashion-mnist
            method: random
            run_cap: 4
            parameters:
              learning_rate: {distribution: uniform, min: 0.05, max: 0.45}
              epochs: {value: 1}
            parallel_trials: 4
            """, null);
        Assert.True(first.Ok, string.Join("\n", first.Errors));
        Assert.Equal(SweepState.Completed, (await grid.WaitForSweep(first.SweepId!, TimeSpan.FromSeconds(60))).State);

        var spec = Tpe("warm_start: [warm-a]");
        var second = await registry.Launch(SpecText("warm_start: [warm-a]"), null);
        Assert.True(second.Ok, string.Join("\n", second.Errors));
        await grid.WaitForSweep(second.SweepId!, TimeSpan.FromSeconds(60));
        var trials = await grid.Client.GetGrain<ISweepGrain>(second.SweepId!).GetTrials();
        // Four earlier results are more than n_startup_trials 3: the first configuration is the model's, not the
        // prior's draw.
        var prior = TpeSampler.Draw(spec, SamplerRandom.For(spec.SamplerSeed, 0))["learning_rate"];
        Assert.NotEqual(prior, trials.Single(t => t.Index == 0).Parameters["learning_rate"]);

        var foreign = await registry.Launch(SpecText("warm_start: [warm-a]").Replace("fashion-mnist", "cifar10",
            StringComparison.Ordinal), null);
        Assert.False(foreign.Ok);
        Assert.Contains(foreign.Errors, e => e.Contains("ran on fashion-mnist", StringComparison.Ordinal));
    }

    private static string SpecText(string warmStart) => $"""
        name: warm-b
        dataset: fashion-mnist
        method: tpe
        run_cap: 2
        sampler: {"{seed: 9, n_startup_trials: 3}"}
        {warmStart}
        parameters:
          learning_rate: {"{distribution: uniform, min: 0.05, max: 0.45}"}
          epochs: {"{value: 1}"}
        """;
}
