using System.Globalization;
using RobustGrid.Catalog.Seeds;
using RobustGrid.Grid.Grains.Sampling;
using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Grains.Population;

/// <summary>
/// The exploit and explore steps of population-based training (Jaderberg et al. 2017), with the defaults of Ray
/// Tune's PopulationBasedTraining: at the end of an interval the members are ranked by their score; each member in
/// the bottom quantile (and each member without a score: failed or diverged) continues from the checkpoint of a member
/// drawn from the top quantile, with that member's values perturbed. Each searchable value is drawn afresh from its
/// distribution with the resample probability, else multiplied by 0.8 or 1.2 (kept in its range), or, for a list of
/// values, moved to a neighbouring entry. The others continue their own checkpoint unchanged. Pure and seeded: the same
/// scores give the same decisions in any process, which is what lets a restarted sweep rebuild its population.
/// </summary>
public sealed class PopulationExplorer(PopulationSpec spec, IReadOnlyList<ParameterSpec> parameters, long seed)
{
    private static readonly double[] Factors = [0.8, 1.2];
    // Keeps the explorer's draws apart from the sampler's for the same sweep seed and index.
    private const long Explorer = 0x5042_54;

    /// <summary>A member at the end of an interval.</summary>
    /// <param name="Score">The spec's metric at the end of the interval; null when the member has none.</param>
    public sealed record Member(IReadOnlyDictionary<string, string> Config, double? Score);

    /// <summary>What one member trains next.</summary>
    /// <param name="Parent">The member whose checkpoint it continues (itself unless it exploits).</param>
    /// <param name="Perturbed">Changed values as <c>name: old -&gt; new</c>.</param>
    public sealed record Decision(int Parent, Dictionary<string, string> Config, string[] Perturbed)
    {
        public bool Exploits(int member) => Parent != member;
    }

    /// <summary>How many members the top and the bottom quantile hold: the fraction rounded up, at most half.</summary>
    public static int QuantileSize(int members, double fraction) =>
        Math.Min((int)Math.Ceiling(members * fraction - 1e-9), members / 2);

    /// <summary>The decisions, one per member in member order, after interval <paramref name="generation"/>.</summary>
    public IReadOnlyList<Decision> Next(int generation, IReadOnlyList<Member> members)
    {
        var rng = new Random(SplitMix64.SeedOf(seed, generation, Explorer));
        var ranked = Enumerable.Range(0, members.Count)
            .Where(m => members[m].Score is { } s && double.IsFinite(s))
            .OrderBy(m => Oriented(members[m].Score!.Value)).ThenBy(m => m)
            .ToList();
        var size = QuantileSize(members.Count, spec.QuantileFraction);
        var top = ranked.Take(Math.Min(size, ranked.Count)).ToList();
        var bottom = ranked.Skip(ranked.Count - size).Where(m => !top.Contains(m)).ToHashSet();
        var decisions = new List<Decision>(members.Count);
        for (var m = 0; m < members.Count; m++)
        {
            var unscored = !ranked.Contains(m);
            if (top.Count == 0 || !(unscored || bottom.Contains(m)))
            {
                decisions.Add(new Decision(m, new Dictionary<string, string>(members[m].Config), []));
                continue;
            }
            var parent = top[rng.Next(top.Count)];
            var (config, perturbed) = Explore(members[parent].Config, rng);
            decisions.Add(new Decision(parent, config, perturbed));
        }
        return decisions;
    }

    private double Oriented(double score) => spec.LowerIsBetter ? score : -score;

    private (Dictionary<string, string> Config, string[] Perturbed) Explore(IReadOnlyDictionary<string, string> parent,
        Random rng)
    {
        var config = new Dictionary<string, string>(parent);
        var perturbed = new List<string>();
        foreach (var p in parameters.Where(p => p.IsSearchable))
        {
            var old = parent.TryGetValue(p.Name, out var given) ? given : ParameterValues.Draw(p, rng);
            var value = rng.NextDouble() < spec.ResampleProbability ? ParameterValues.Draw(p, rng)
                : Perturb(p, old, rng);
            config[p.Name] = value;
            if (value != old) perturbed.Add($"{p.Name}: {old} -> {value}");
        }
        return (config, [.. perturbed]);
    }

    private static string Perturb(ParameterSpec p, string old, Random rng)
    {
        if (p.Kind == ParameterKind.Categorical)
        {
            var at = Math.Max(0, IndexOf(p.Values, old));
            var next = Math.Clamp(at + (rng.Next(2) == 0 ? -1 : 1), 0, p.Values.Count - 1);
            return p.Values[next];
        }
        var value = double.Parse(old, NumberStyles.Float, CultureInfo.InvariantCulture) * Factors[rng.Next(2)];
        if (p.Kind == ParameterKind.Normal) return ParameterValues.Format(p, value);
        var (low, high) = ParameterValues.Bounds(p);
        var inside = p.Kind is ParameterKind.LogUniform or ParameterKind.LogUniformValues
            ? Math.Log(Math.Max(value, double.Epsilon)) : value;
        return ParameterValues.Format(p, ParameterValues.ToValue(p, Math.Clamp(inside, low, high)));
    }

    private static int IndexOf(IReadOnlyList<string> values, string value)
    {
        for (var i = 0; i < values.Count; i++)
            if (values[i] == value) return i;
        return -1;
    }
}
