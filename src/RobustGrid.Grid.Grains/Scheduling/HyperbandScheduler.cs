using RobustGrid.Grid.Grains.Grains;

namespace RobustGrid.Grid.Grains.Scheduling;

/// <summary>
/// Hyperband (Li et al. 2018) run asynchronously, as Li et al. 2020 (the ASHA paper, section 3.3) and Ray Tune's
/// AsyncHyperBandScheduler do: each configuration belongs to one of <see cref="HyperbandBrackets"/>, and each bracket
/// is an ASHA of its own that starts stopping trials at its first rung: there a trial goes on when its value is in the
/// top 1/eta of the values its bracket recorded at that rung so far. No trial waits for a rung to fill, so no slot
/// idles, and the best trial of a bracket is never stopped.
/// </summary>
internal sealed class HyperbandScheduler : ITrialScheduler
{
    private readonly HyperbandBrackets _brackets;
    private readonly int[] _rungs;
    private readonly int _eta;
    private readonly bool _lowerIsBetter;
    private readonly Func<int, int> _configOf;
    private readonly Dictionary<(int Bracket, int Rung), Dictionary<int, double>> _recorded = [];
    private readonly Dictionary<(int Index, int Rung), RungDecision> _decided = [];
    private List<RungRecord> _saved = [];

    /// <param name="configOf">The configuration of a trial index: seeds of one configuration share its
    /// bracket.</param>
    public HyperbandScheduler(HyperbandBrackets brackets, int[] rungs, int eta, bool lowerIsBetter,
        Func<int, int> configOf)
    {
        _brackets = brackets;
        _rungs = rungs;
        _eta = eta;
        _lowerIsBetter = lowerIsBetter;
        _configOf = configOf;
    }

    public RungDecision Decide(int index, int rung, double value)
    {
        _saved.Add(new RungRecord { Index = index, Rung = rung, Value = value });
        return Judge(index, rung, value);
    }

    public List<RungRecord> Save() => _saved;

    public void Restore(List<RungRecord> saved)
    {
        _saved = saved;
        foreach (var r in saved) Judge(r.Index, r.Rung, r.Value);
    }

    /// <summary>A trial is judged once per rung: a repeated report (a resumed attempt) gets the first answer.</summary>
    private RungDecision Judge(int index, int rung, double value)
    {
        if (_decided.TryGetValue((index, rung), out var earlier)) return earlier;
        var decision = Fresh(index, rung, value);
        _decided[(index, rung)] = decision;
        return decision;
    }

    private RungDecision Fresh(int index, int rung, double value)
    {
        var rungIndex = Array.IndexOf(_rungs, rung);
        var bracket = _brackets.BracketOf(_configOf(index));
        if (rungIndex < _brackets.FirstRung(bracket)) return RungDecision.Continue;
        var key = (bracket, rungIndex);
        if (!_recorded.TryGetValue(key, out var recorded)) _recorded[key] = recorded = [];
        var reward = _lowerIsBetter ? -value : value;
        var decision = RungDecision.Continue;
        if (!double.IsFinite(reward)) decision = RungDecision.Stop;
        else if (recorded.Count > 0
            && reward < AshaScheduler.Percentile([.. recorded.Values], (1.0 - 1.0 / _eta) * 100.0))
            decision = RungDecision.Stop;
        if (double.IsFinite(reward)) recorded[index] = reward;
        return decision;
    }
}
