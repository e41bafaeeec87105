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
    public void FrontsAndCrowdingDistancesMatchTheHandWorkedExample()
    {
        IReadOnlyList<double>[] points = [[1, 5], [2, 3], [3, 4], [4, 1], [5, 5]];
        // (3, 4) is dominated by (2, 3) only; (5, 5) by (3, 4) too, so it is in the third front.
        Assert.Equal([[0, 1, 3], [2], [4]], Pareto.FirstFronts(points, 5));
        // Fronts are taken whole until they hold enough points: the first holds three, so four need the second too.
        Assert.Equal([[0, 1, 3]], Pareto.FirstFronts(points, 3));
        Assert.Equal([[0, 1, 3], [2]], Pareto.FirstFronts(points, 4));
        Assert.Equal([0, 1, 3], Pareto.Front(points));
        // The ends of the front are kept whatever the gaps; (2, 3)'s neighbours span both ranges fully: 1 + 1.
        Assert.Equal([double.PositiveInfinity, 2, double.PositiveInfinity],
            Pareto.CrowdingDistances(points, [0, 1, 3]));
        Assert.False(Pareto.Dominates([1, 2], [1, 2]));
        Assert.True(Pareto.Dominates([1, 2], [1, double.NaN]));
    }

    [Fact]
    public void TheEliteIsTheBestOfTheWholePoolRankedByDefinition()
    {
        var rng = new Random(2002);
        for (var draw = 0; draw < 300; draw++)
        {
            var objectives = 2 + draw % 2;
            int[] sizes = [1, 5, 20, 50];
            var size = sizes[rng.Next(sizes.Length)];
            // About the elite's size, where the last front taken is cut, or far beyond it, where most are never taken.
            var poolSize = draw % 3 == 0 ? rng.Next(5 * size, 10 * size + 1) : Math.Max(0, size + rng.Next(-3, 4));
            var pool = RandomPool(rng, poolSize, objectives);
            var expected = ReferenceElite(pool, size);
            var actual = NsgaIISampler.Elite(pool, size);
            Assert.True(expected.Count == actual.Count, $"draw {draw}: {actual.Count} of {expected.Count} members");
            for (var k = 0; k < expected.Count; k++)
            {
                var context = $"draw {draw}, pool {poolSize}, elite {size}, member {k}";
                Assert.True(ReferenceEquals(expected[k].Observation, actual[k].Observation), context);
                Assert.True(expected[k].Front == actual[k].Front, context);
                Assert.True(expected[k].Crowding.Equals(actual[k].Crowding), context);
            }
        }
    }

    /// <summary>Objectives on a coarse grid (ties and duplicated points) or continuous, some NaN or infinite, and
    /// configuration numbers that repeat (-1: taken from an earlier sweep) so that the pool's order breaks
    /// ties.</summary>
    private static List<Observation> RandomPool(Random rng, int size, int objectives)
    {
        var coarse = rng.Next(2) == 0;
        var missing = rng.Next(3) * 0.05;
        double Value() => rng.NextDouble() switch
        {
            var u when u < missing => double.NaN,
            var u when u < missing + 0.02 => double.PositiveInfinity,
            _ => coarse ? rng.Next(6) : rng.NextDouble(),
        };
        var pool = new List<Observation>();
        for (var c = 0; c < size; c++)
        {
            double[] losses = pool.Count > 0 && rng.Next(10) == 0
                ? [.. pool[rng.Next(pool.Count)].Losses!]
                : [.. Enumerable.Range(0, objectives).Select(_ => Value())];
            pool.Add(new Observation(new Dictionary<string, string>(), losses[0],
                ConfigIndex: rng.Next(5) == 0 ? -1 : c, Losses: losses));
        }
        return pool;
    }

    /// <summary>NSGA-II's selection from its definitions: every pair compared for dominance (NaN worse than any
    /// number), fronts peeled from the whole pool, crowding distance per front, then the best by front, crowding
    /// (larger first), configuration number and place in the pool.</summary>
    private static List<NsgaIISampler.Member> ReferenceElite(List<Observation> pool, int size)
    {
        static double Worst(double v) => double.IsNaN(v) ? double.PositiveInfinity : v;
        static bool Dominates(IReadOnlyList<double> a, IReadOnlyList<double> b) =>
            a.Zip(b).All(p => Worst(p.First) <= Worst(p.Second)) && a.Zip(b).Any(p => Worst(p.First) < Worst(p.Second));
        var dominates = pool.Select(a => pool.Select(b => Dominates(a.Losses!, b.Losses!)).ToArray()).ToArray();
        var front = new int[pool.Count];
        var left = Enumerable.Range(0, pool.Count).ToList();
        for (var rank = 0; left.Count > 0; rank++)
        {
            var best = left.Where(i => !left.Any(j => dominates[j][i])).ToList();
            foreach (var i in best) front[i] = rank;
            left = [.. left.Except(best)];
        }
        var crowding = new double[pool.Count];
        foreach (var members in Enumerable.Range(0, pool.Count).GroupBy(i => front[i]).Select(g => g.ToList()))
            for (var m = 0; m < pool[0].Losses!.Count; m++)
            {
                // Ties in an objective go by place in the pool: the first of the lowest and the last of the highest
                // are the extremes.
                var sorted = members.OrderBy(i => Worst(pool[i].Losses![m])).ThenBy(i => i).ToList();
                double At(int k) => Worst(pool[sorted[k]].Losses![m]);
                var span = At(sorted.Count - 1) - At(0);
                if (span > 0 && !double.IsInfinity(span))
                    for (var k = 1; k < sorted.Count - 1; k++) crowding[sorted[k]] += (At(k + 1) - At(k - 1)) / span;
                crowding[sorted[0]] = crowding[sorted[^1]] = double.PositiveInfinity;
            }
        return [.. Enumerable.Range(0, pool.Count).OrderBy(i => front[i]).ThenByDescending(i => crowding[i])
            .ThenBy(i => pool[i].ConfigIndex).ThenBy(i => i).Take(size)
            .Select(i => new NsgaIISampler.Member(pool[i], front[i], crowding[i]))];
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
