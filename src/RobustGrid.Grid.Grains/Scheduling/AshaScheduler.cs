using RobustGrid.Grid.Grains.Grains;

namespace RobustGrid.Grid.Grains.Scheduling;

/// <summary>
/// Asynchronous successive halving (Li et al. 2018), as Ray Tune's AsyncHyperBandScheduler with one bracket: at a rung
/// a trial continues only when its value is in the top 1/eta of the values recorded at that rung so far.
/// </summary>
internal sealed class AshaScheduler(int eta, bool lowerIsBetter) : ITrialScheduler
{
    private readonly Dictionary<int, Dictionary<int, double>> _rungs = [];
    private List<RungRecord> _saved = [];

    public RungDecision Decide(int index, int rung, double value)
    {
        // Every report is kept, a repeated one too: replaying them in order rebuilds the same table.
        _saved.Add(new RungRecord { Index = index, Rung = rung, Value = value });
        if (!_rungs.TryGetValue(rung, out var recorded)) _rungs[rung] = recorded = [];
        if (recorded.ContainsKey(index)) return RungDecision.Continue;
        var reward = lowerIsBetter ? -value : value;
        var decision = RungDecision.Continue;
        if (recorded.Count > 0 && double.IsFinite(reward))
        {
            var cutoff = Percentile([.. recorded.Values], (1.0 - 1.0 / eta) * 100.0);
            if (reward < cutoff) decision = RungDecision.Stop;
        }
        else if (!double.IsFinite(reward)) decision = RungDecision.Stop;
        recorded[index] = reward;
        return decision;
    }

    public List<RungRecord> Save() => _saved;

    public void Restore(List<RungRecord> saved)
    {
        _saved = saved;
        foreach (var r in saved)
        {
            if (!_rungs.TryGetValue(r.Rung, out var recorded)) _rungs[r.Rung] = recorded = [];
            recorded[r.Index] = lowerIsBetter ? -r.Value : r.Value;
        }
    }

    /// <summary>numpy.percentile with linear interpolation.</summary>
    internal static double Percentile(double[] values, double percent)
    {
        Array.Sort(values);
        var rank = percent / 100.0 * (values.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = (int)Math.Ceiling(rank);
        return values[lo] + (values[hi] - values[lo]) * (rank - lo);
    }
}
