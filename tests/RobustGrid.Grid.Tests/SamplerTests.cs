using System.Globalization;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Sampling;
using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Tests;

public sealed class SamplerTests
{
    private static SweepSpec Spec(string yaml) => SweepSpecParser.Parse(yaml).Spec
        ?? throw new InvalidOperationException(string.Join("\n", SweepSpecParser.Parse(yaml).Errors));

    [Fact]
    public void GridCoversEveryCombinationOnce()
    {
        var spec = Spec("dataset: cifar10\nparameters:\n  method: {values: [erm, augmix]}\n  learning_rate: {values: " +
            "[0.1, 0.2, 0.3]}\n");
        var sampler = new GridSampler(spec);
        var configs = Enumerable.Range(0, spec.Configurations).Select(i => sampler.Sample(i, []))
            .Select(c => $"{c["method"]}/{c["learning_rate"]}").ToList();
        Assert.Equal(6, configs.Distinct().Count());
    }

    [Fact]
    public void RandomDrawsOfConsecutiveConfigurationsAndSeedsAreUnrelated()
    {
        // Seeded from sums of the seed and the index, System.Random's first draws climb in a regular ladder: the
        // step from one configuration's draw to the next was the same 0.0861 of the range every time. Uniform and
        // independent draws have steps (mod 1) spread over [0, 1) with a standard deviation of 0.289.
        var spec = Spec("dataset: cifar10\nmethod: random\nrun_cap: 400\nparameters:\n  learning_rate: " +
            "{distribution: uniform, min: 1.0, max: 2.0}\n");
        double Draw(long seed, int index) => double.Parse(
            new RandomSampler(spec with { SamplerSeed = seed }).Sample(index, [])[
                "learning_rate"], CultureInfo.InvariantCulture) - 1;
        double StepSpread(IReadOnlyList<double> draws)
        {
            var steps = draws.Zip(draws.Skip(1), (a, b) => ((b - a) % 1 + 1) % 1).ToArray();
            var mean = steps.Average();
            return Math.Sqrt(steps.Sum(s => (s - mean) * (s - mean)) / steps.Length);
        }
        var alongIndex = Enumerable.Range(0, 400).Select(i => Draw(1, i)).ToArray();
        var alongSeed = Enumerable.Range(1, 400).Select(s => Draw(s, 0)).ToArray();
        Assert.InRange(StepSpread(alongIndex), 0.25, 0.33);
        Assert.InRange(StepSpread(alongSeed), 0.25, 0.33);
        // Ten equal bins of 400 uniform draws: a chi-square over 27.9 has a probability under 0.001.
        foreach (var draws in new[] { alongIndex, alongSeed })
        {
            var chiSquare = draws.GroupBy(d => Math.Min(9, (int)(d * 10))).Sum(g => Math.Pow(g.Count() - 40, 2) / 40)
                + (10 - draws.Select(d => Math.Min(9, (int)(d * 10))).Distinct().Count()) * 40;
            Assert.InRange(chiSquare, 0, 27.9);
        }
    }

    [Fact]
    public void RandomIsDeterministicPerIndexAndInRange()
    {
        var spec = Spec("dataset: cifar10\nmethod: random\nrun_cap: 50\nparameters:\n  learning_rate: {distribution: " +
            "log_uniform_values, min: 0.001, max: 0.1}\n  batch_size: {min: 32, max: 256}\n");
        var a = new RandomSampler(spec);
        var b = new RandomSampler(spec);
        for (var i = 0; i < 50; i++)
        {
            var x = a.Sample(i, []);
            Assert.Equal(x, b.Sample(i, []));
            Assert.InRange(double.Parse(x["learning_rate"], CultureInfo.InvariantCulture), 0.001, 0.1);
            Assert.InRange(int.Parse(x["batch_size"], CultureInfo.InvariantCulture), 32, 256);
        }
    }

    [Fact]
    public void TpeConcentratesNearTheBestRegion()
    {
        var spec = Spec("dataset: cifar10\nmethod: tpe\nrun_cap: 60\nparameters:\n  momentum: {distribution: " +
            "uniform, min: 0, max: 0.99}\n");
        var sampler = new TpeSampler(spec);
        var observations = new List<Observation>();
        for (var i = 0; i < 60; i++)
        {
            var config = sampler.Sample(i, observations);
            var x = double.Parse(config["momentum"], CultureInfo.InvariantCulture);
            Assert.InRange(x, 0, 1);
            observations.Add(new Observation(config, Math.Abs(x - 0.2))); // optimum at 0.2
        }
        var late = observations.Skip(40).Average(o => o.Loss);
        var early = observations.Take(spec.TpeStartupTrials).Average(o => o.Loss);
        Assert.True(late < early, $"late mean loss {late} should beat random start {early}");
    }

    [Fact]
    public void TrialFactoryKeepsConfigKeyAcrossSeeds()
    {
        var spec = Spec("dataset: cifar10\nseeds: [1, 2]\nparameters:\n  learning_rate: {values: [0.1]}\n");
        var config = new GridSampler(spec).Sample(0, []);
        var a = TrialFactory.Create("s", spec, 0, config);
        var b = TrialFactory.Create("s", spec, 1, config);
        Assert.Equal(a.ConfigKey, b.ConfigKey);
        Assert.NotEqual(a.Seed, b.Seed);
        Assert.Equal("s/00001", b.TrialId);
    }
}
