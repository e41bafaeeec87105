using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Grains.Sampling;

/// <summary>
/// Tree-structured Parzen estimator (Bergstra et al. 2011), univariate like Optuna's default: the first
/// <c>TpeStartupTrials</c> configurations are random; after that each parameter is drawn from the density of the best
/// quarter of finished configurations, choosing among 24 candidates the one with the highest l(x)/g(x).
/// </summary>
internal sealed class TpeSampler(SweepSpec spec) : IConfigSampler
{
    private const double Gamma = 0.25;
    private const int Candidates = 24;

    public bool UsesObservations => true;

    public Dictionary<string, string> Sample(int configIndex, IReadOnlyList<Observation> observations)
    {
        var rng = SamplerRandom.For(spec.SamplerSeed, configIndex);
        return observations.Count < spec.TpeStartupTrials ? Draw(spec, rng) : Propose(spec, observations, rng);
    }

    /// <summary>A configuration drawn from the prior: every parameter independently.</summary>
    public static Dictionary<string, string> Draw(SweepSpec spec, Random rng) =>
        spec.Parameters.ToDictionary(p => p.Name, p => ParameterValues.Draw(p, rng));

    /// <summary>The configuration TPE's model of <paramref name="observations"/> proposes.</summary>
    public static Dictionary<string, string> Propose(SweepSpec spec, IReadOnlyList<Observation> observations,
        Random rng)
    {
        var sorted = observations.OrderBy(o => o.Loss).ToList();
        var nGood = Math.Max(1, (int)Math.Ceiling(Gamma * sorted.Count));
        var good = sorted.Take(nGood).ToList();
        var bad = sorted.Skip(nGood).ToList();
        var result = new Dictionary<string, string>();
        foreach (var p in spec.Parameters)
        {
            result[p.Name] = p.Kind switch
            {
                ParameterKind.Constant => p.Values[0],
                ParameterKind.Categorical => SampleCategorical(p, good, bad, rng),
                _ => SampleNumeric(p, good, bad, rng),
            };
        }
        return result;
    }

    private static string SampleCategorical(ParameterSpec p, List<Observation> good, List<Observation> bad, Random rng)
    {
        // Laplace-smoothed frequencies: every category keeps a chance.
        double[] Weights(List<Observation> set) =>
            [.. p.Values.Select(v => 1.0 + set.Count(o => o.Config.TryGetValue(p.Name, out var x) && x == v))];
        var l = Weights(good);
        var g = Weights(bad);
        var lSum = l.Sum();
        var gSum = g.Sum();
        var best = 0;
        var bestScore = double.NegativeInfinity;
        for (var c = 0; c < Candidates; c++)
        {
            var i = Pick(l, lSum, rng);
            var score = Math.Log(l[i] / lSum) - Math.Log(g[i] / gSum);
            if (score > bestScore) { bestScore = score; best = i; }
        }
        return p.Values[best];
    }

    private static int Pick(double[] weights, double sum, Random rng)
    {
        var r = rng.NextDouble() * sum;
        for (var i = 0; i < weights.Length; i++)
        {
            r -= weights[i];
            if (r <= 0) return i;
        }
        return weights.Length - 1;
    }

    private static string SampleNumeric(ParameterSpec p, List<Observation> good, List<Observation> bad, Random rng)
    {
        var (low, high) = ParameterValues.Bounds(p);
        var l = Parzen.Build(Points(p, good), low, high);
        var g = Parzen.Build(Points(p, bad), low, high);
        var best = l.Sample(rng);
        var bestScore = double.NegativeInfinity;
        for (var c = 0; c < Candidates; c++)
        {
            var x = l.Sample(rng);
            var score = l.LogDensity(x) - g.LogDensity(x);
            if (score > bestScore) { bestScore = score; best = x; }
        }
        return ParameterValues.Format(p, ParameterValues.ToValue(p, best));
    }

    private static List<double> Points(ParameterSpec p, List<Observation> set) =>
        [.. set.Where(o => o.Config.ContainsKey(p.Name)).Select(o => ParameterValues.ToInternal(p, o.Config[p.Name]))];
}
