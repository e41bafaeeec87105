using System.Globalization;
using RobustGrid.Grid.Grains.Sampling;
using RobustGrid.Grid.Grains.Specs;
using RobustGrid.Grid.Grains.Statistics;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// Pareto fronts and crowding distances on hand-worked points, and NSGA-II on ZDT1 (Zitzler, Deb and Thiele 2000):
/// f1 = x1, f2 = g (1 − √(x1 / g)) with g = 1 + 9 · mean(x2, x3), whose Pareto front is f2 = 1 − √f1 at x2 = x3 = 0.
/// </summary>
public sealed class NsgaIITests
{
    [Fact]
    public void FrontRanksAndCrowdingDistancesMatchTheHandWorkedExample()
    {
        IReadOnlyList<double>[] points = [[1, 5], [2, 3], [3, 4], [4, 1], [5, 5]];
        // (3, 4) is dominated by (2, 3) only; (5, 5) by (3, 4) too, so it is in the third front.
        Assert.Equal([0, 0, 1, 0, 2], Pareto.FrontRanks(points));
        Assert.Equal([0, 1, 3], Pareto.Front(points));
        // The ends of the front are kept whatever the gaps; (2, 3)'s neighbours span both ranges fully: 1 + 1.
        Assert.Equal([double.PositiveInfinity, 2, double.PositiveInfinity],
            Pareto.CrowdingDistances(points, [0, 1, 3]));
        Assert.False(Pareto.Dominates([1, 2], [1, 2]));
        Assert.True(Pareto.Dominates([1, 2], [1, double.NaN]));
    }

    private static SweepSpec Zdt1Spec(string method, int population = 20, int runCap = 600) =>
        SweepSpecParser.Parse($$"""
        dataset: cifar10
        method: {{method}}
        run_cap: {{runCap}}
        metric: [{name: clean/error}, {name: corruption/mce}]
        sampler: {seed: 2002, population_size: {{population}}}
        parameters:
          momentum: {distribution: uniform, min: 0, max: 0.9}
          weight_decay: {distribution: uniform, min: 0, max: 1}
          learning_rate: {distribution: uniform, min: 0.01, max: 1}
        """).Spec ?? throw new InvalidOperationException("the ZDT1 spec should parse");

    private static double[] Zdt1(IReadOnlyDictionary<string, string> config)
    {
        double Value(string name) => double.Parse(config[name], CultureInfo.InvariantCulture);
        var x1 = Value("momentum") / 0.9;
        var g = 1 + 9 * (Value("weight_decay") + (Value("learning_rate") - 0.01) / 0.99) / 2;
        return [x1, g * (1 - Math.Sqrt(x1 / g))];
    }

    /// <summary>Mean distance of the found front to the true one (generational distance), as the sweep grain would
    /// run the sampler: each configuration sees the results of all before it.</summary>
    private static double GenerationalDistance(string method)
    {
        var spec = Zdt1Spec(method);
        var sampler = ConfigSamplers.For(spec);
        var observations = new List<Observation>();
        for (var c = 0; c < spec.Configurations; c++)
        {
            var config = sampler.Sample(c, observations);
            var f = Zdt1(config);
            observations.Add(new Observation(config, f[0], ConfigIndex: c, Losses: f));
        }
        var points = observations.Select(o => o.Losses!).ToList();
        var truth = Enumerable.Range(0, 1001).Select(i => (F1: i / 1000.0, F2: 1 - Math.Sqrt(i / 1000.0))).ToList();
        return Pareto.Front(points).Select(i => truth.Min(t => Math.Sqrt(
            Math.Pow(points[i][0] - t.F1, 2) + Math.Pow(points[i][1] - t.F2, 2)))).Average();
    }

    [Fact]
    public void OnZdt1TheFrontApproachesTheTrueFrontAndBeatsRandomSearch()
    {
        // 30 generations of 20. The tolerance: a mean distance of 0.1 is a g of 1.1, i.e. x2 and x3 within about
        // 0.01 of their optimum 0 on average, where random draws of the same budget rarely come.
        var nsga = GenerationalDistance("nsga2");
        var random = GenerationalDistance("random");
        Assert.True(nsga < 0.1, $"NSGA-II front {nsga:F3} from ZDT1, random {random:F3}");
        Assert.True(nsga < random / 2, $"NSGA-II {nsga:F3}, random search {random:F3}");
    }

    [Fact]
    public void TheFirstGenerationIsDrawnFromThePriorAndLaterOnesFromTheElite()
    {
        var spec = Zdt1Spec("nsga2", population: 10);
        var sampler = new NsgaIISampler(spec);
        var random = new RandomSampler(spec);
        // Before any result, and for every configuration of generation 0 whatever the results, the prior.
        var seen = Enumerable.Range(0, 10).Select(c => new Observation(random.Sample(c, []), 0, ConfigIndex: c,
            Losses: [c, 10 - c])).ToList();
        for (var c = 0; c < 10; c++) Assert.Equal(TpeSampler.Draw(spec, SamplerRandom.For(spec.SamplerSeed, c)),
            sampler.Sample(c, seen));
        // Generation 1 only sees generation 0: a later configuration's result does not change the child.
        var child = sampler.Sample(12, seen);
        var withLater = seen.Append(new Observation(child, 0, ConfigIndex: 11, Losses: [-1, -1])).ToList();
        Assert.Equal(child, sampler.Sample(12, withLater));
        // The elite keeps the non-dominated configurations: all ten of an anti-correlated front.
        Assert.Equal(10, NsgaIISampler.Elite(seen, 10).Count(m => m.Front == 0));
    }
}
