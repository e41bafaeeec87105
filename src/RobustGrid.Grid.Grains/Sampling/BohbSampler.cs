using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Grains.Sampling;

/// <summary>
/// BOHB (Falkner et al. 2018): Hyperband picks the budgets, a TPE model per budget picks the configurations. Each
/// configuration is drawn from the model of the largest budget with enough observations (at least n_startup_trials
/// and one more than the searched parameters, as BOHB's min_points_in_model), or from the prior for a third of the
/// draws (BOHB's random_fraction keeps the search global) and while no budget has enough. A budget's observations are
/// the configurations' values at that rung (mean over seeds), and the finished trials' objective at the full budget.
/// </summary>
internal sealed class BohbSampler(SweepSpec spec) : IConfigSampler
{
    private const double RandomFraction = 1.0 / 3.0;

    public bool UsesObservations => true;

    public bool UsesRungObservations => true;

    public Dictionary<string, string> Sample(int configIndex, IReadOnlyList<Observation> observations)
    {
        var rng = SamplerRandom.For(spec.SamplerSeed, configIndex);
        var explore = rng.NextDouble() < RandomFraction;
        var model = ModelBudget(observations);
        return explore || model is null ? TpeSampler.Draw(spec, rng) : TpeSampler.Propose(spec, model, rng);
    }

    /// <summary>The observations of the largest budget that has enough of them; null when none has.</summary>
    internal List<Observation>? ModelBudget(IReadOnlyList<Observation> observations)
    {
        var needed = Math.Max(spec.TpeStartupTrials, spec.Parameters.Count(p => p.IsSearchable) + 1);
        return observations.GroupBy(o => o.Budget)
            .Where(g => g.Count() >= needed)
            .OrderByDescending(g => g.Key)
            .Select(g => g.ToList())
            .FirstOrDefault();
    }
}
