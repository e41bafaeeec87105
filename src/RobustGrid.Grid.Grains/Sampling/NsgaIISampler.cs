using RobustGrid.Grid.Grains.Specs;
using RobustGrid.Grid.Grains.Statistics;

namespace RobustGrid.Grid.Grains.Sampling;

/// <summary>
/// NSGA-II (Deb et al. 2002) with Optuna's NSGAIISampler defaults: configurations come in generations of
/// <c>population_size</c>; generation 0 is drawn from the prior (unless earlier sweeps' results warm-start it); each
/// later configuration is a child of two parents, each the winner of a binary tournament (lower front, then larger
/// crowding distance) among the elite of the configurations of earlier generations with results (the best
/// <c>population_size</c> by front, then crowding distance). The child takes each parameter from either parent (uniform
/// crossover, probability 0.9, else parent 1's values), then redraws each searched parameter from the prior with
/// probability 1/(searched parameters). Configuration c's generation is c / population_size and its RNG is seeded by
/// (sweep seed, c), so a restarted sweep that sees the same results draws the same child.
/// </summary>
internal sealed class NsgaIISampler(SweepSpec spec) : IConfigSampler
{
    private const double CrossoverProbability = 0.9;
    private const double SwappingProbability = 0.5;

    // The elite of the last generation asked for, and the size of the pool it came from: every configuration of a
    // generation draws from the same elite until another earlier result arrives, so it is sorted once, not per draw.
    private (int Generation, int PoolSize, List<Member> Elite)? _cached;

    public bool UsesObservations => true;

    public Dictionary<string, string> Sample(int configIndex, IReadOnlyList<Observation> observations)
    {
        var rng = SamplerRandom.For(spec.SamplerSeed, configIndex);
        var generationStart = configIndex / spec.PopulationSize * spec.PopulationSize;
        var pool = observations.Where(o => o.ConfigIndex < generationStart).ToList();
        // Generation 0 breeds from an earlier sweep's results when the spec warm-starts from one.
        if (pool.Count < 2) return TpeSampler.Draw(spec, rng);
        var generation = configIndex / spec.PopulationSize;
        if (_cached is not { } cached || cached.Generation != generation || cached.PoolSize != pool.Count)
            _cached = cached = (generation, pool.Count, Elite(pool, spec.PopulationSize));
        var elite = cached.Elite;
        var first = Tournament(elite, rng);
        var second = Tournament(elite, rng);
        var crossover = rng.NextDouble() < CrossoverProbability;
        var searched = Math.Max(1, spec.Parameters.Count(p => p.IsSearchable));
        var child = new Dictionary<string, string>();
        foreach (var p in spec.Parameters)
        {
            var parent = crossover && rng.NextDouble() < SwappingProbability ? second : first;
            var mutate = p.IsSearchable && rng.NextDouble() < 1.0 / searched;
            // A parent from an earlier sweep may lack the parameter or hold a value this space no longer has.
            child[p.Name] = !mutate && parent.Observation.Config.TryGetValue(p.Name, out var value)
                && ParameterValues.Admits(p, value) ? value : ParameterValues.Draw(p, rng);
        }
        return child;
    }

    internal sealed record Member(Observation Observation, int Front, double Crowding);

    /// <summary>The <paramref name="size"/> best of the pool by front, then crowding distance (then configuration
    /// number, so ties resolve the same way on every run).</summary>
    internal static List<Member> Elite(IReadOnlyList<Observation> pool, int size)
    {
        var points = pool.Select(Objectives).ToList();
        var fronts = Pareto.FirstFronts(points, size);
        var members = new List<Member>();
        for (var rank = 0; rank < fronts.Count; rank++)
        {
            // Over the whole front, the last one's too, though only part of it may make the elite.
            var crowding = Pareto.CrowdingDistances(points, fronts[rank]);
            members.AddRange(fronts[rank].Select((i, k) => new Member(pool[i], rank, crowding[k])));
        }
        return [.. members.OrderBy(m => m.Front).ThenByDescending(m => m.Crowding)
            .ThenBy(m => m.Observation.ConfigIndex).Take(size)];
    }

    internal static IReadOnlyList<double> Objectives(Observation o) => o.Losses ?? [o.Loss];

    private static Member Tournament(List<Member> elite, Random rng)
    {
        var a = elite[rng.Next(elite.Count)];
        var b = elite[rng.Next(elite.Count)];
        if (a.Front != b.Front) return a.Front < b.Front ? a : b;
        return b.Crowding > a.Crowding ? b : a;
    }
}
