namespace RobustGrid.Grid.Grains.Scheduling;

/// <summary>
/// Hyperband's brackets (Li et al. 2018). With s_max rungs below max_iter, bracket b (0 the most aggressive) is
/// Hyperband's s = s_max − b: it gets n_s = ⌈(s_max + 1) / (s + 1) · eta^s⌉ configurations of each iteration and
/// starts stopping trials at rung b (bracket s_max, the last, stops none). Configurations are dealt to the brackets in
/// proportion to n_s and interleaved (smooth weighted round robin), so a sweep whose run_cap ends mid-iteration still
/// runs every bracket. Pure: the same arguments give the same brackets on every silo and after every restart.
/// </summary>
public sealed class HyperbandBrackets
{
    private readonly int _eta;
    private readonly int[] _sizes;
    private readonly int[] _order;

    /// <param name="rungCount">Rungs below max_iter (s_max).</param>
    /// <param name="brackets">Most brackets to use (W&amp;B's <c>s</c>); null: all s_max + 1.</param>
    public HyperbandBrackets(int rungCount, int eta, int? brackets = null)
    {
        _eta = eta;
        var count = Math.Clamp(brackets ?? rungCount + 1, 1, rungCount + 1);
        _sizes = new int[count];
        for (var b = 0; b < count; b++)
        {
            var s = rungCount - b;
            _sizes[b] = (int)Math.Min(Math.Ceiling((rungCount + 1.0) / (s + 1) * Math.Pow(eta, s)), 1 << 20);
        }
        _order = Interleave(_sizes);
    }

    /// <summary>Brackets in use.</summary>
    public int Count => _sizes.Length;

    /// <summary>Configurations in one Hyperband iteration: the sum of the bracket sizes.</summary>
    public int IterationSize => _order.Length;

    /// <summary>n_s of bracket <paramref name="bracket"/>.</summary>
    public int Size(int bracket) => _sizes[bracket];

    /// <summary>Index of the first rung at which the bracket stops trials; its earlier rungs let every trial
    /// on.</summary>
    public int FirstRung(int bracket) => bracket;

    public int BracketOf(int configIndex) => _order[configIndex % _order.Length];

    private static int[] Interleave(int[] sizes)
    {
        var total = sizes.Sum();
        var order = new int[total];
        var credit = new long[sizes.Length];
        for (var i = 0; i < total; i++)
        {
            var pick = 0;
            for (var b = 0; b < sizes.Length; b++)
            {
                credit[b] += sizes[b];
                if (credit[b] > credit[pick]) pick = b;
            }
            credit[pick] -= total;
            order[i] = pick;
        }
        return order;
    }
}
