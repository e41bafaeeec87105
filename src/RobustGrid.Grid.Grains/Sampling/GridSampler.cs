using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Grains.Sampling;

/// <summary>Cartesian product in spec order; the last parameter varies fastest, like W&amp;B's grid.</summary>
internal sealed class GridSampler(SweepSpec spec) : IConfigSampler
{
    public Dictionary<string, string> Sample(int configIndex, IReadOnlyList<Observation> observations)
    {
        var result = new Dictionary<string, string>();
        var rest = configIndex;
        for (var i = spec.Parameters.Count - 1; i >= 0; i--)
        {
            var p = spec.Parameters[i];
            result[p.Name] = p.Values[rest % p.Values.Count];
            rest /= p.Values.Count;
        }
        return result;
    }
}
