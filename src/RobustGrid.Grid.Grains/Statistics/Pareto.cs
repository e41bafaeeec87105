namespace RobustGrid.Grid.Grains.Statistics;

/// <summary>
/// Pareto dominance over points whose every coordinate is oriented so that lower is better: the fast non-dominated
/// sort and crowding distance of NSGA-II (Deb et al. 2002). The NSGA-II sampler and the leaderboard's Pareto view
/// both use it, so a front means the same thing in both.
/// </summary>
public static class Pareto
{
    /// <summary>a is no worse than b everywhere and better somewhere. A NaN coordinate is worse than any
    /// number.</summary>
    public static bool Dominates(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var better = false;
        for (var i = 0; i < a.Count; i++)
        {
            var (x, y) = (Oriented(a[i]), Oriented(b[i]));
            if (x > y) return false;
            if (x < y) better = true;
        }
        return better;
    }

    private static double Oriented(double v) => double.IsNaN(v) ? double.PositiveInfinity : v;

    /// <summary>The front of every point: 0 for the non-dominated ones, 1 for those only they dominate, and so
    /// on.</summary>
    public static int[] FrontRanks(IReadOnlyList<IReadOnlyList<double>> points)
    {
        var n = points.Count;
        var dominatedBy = new int[n];
        var dominates = new List<int>[n];
        var ranks = new int[n];
        var current = new List<int>();
        for (var i = 0; i < n; i++)
        {
            dominates[i] = [];
            for (var j = 0; j < n; j++)
            {
                if (i == j) continue;
                if (Dominates(points[i], points[j])) dominates[i].Add(j);
                else if (Dominates(points[j], points[i])) dominatedBy[i]++;
            }
            if (dominatedBy[i] == 0) current.Add(i);
        }
        for (var rank = 0; current.Count > 0; rank++)
        {
            var next = new List<int>();
            foreach (var i in current)
            {
                ranks[i] = rank;
                foreach (var j in dominates[i])
                    if (--dominatedBy[j] == 0) next.Add(j);
            }
            current = next;
        }
        return ranks;
    }

    /// <summary>Indexes of the non-dominated points, in input order.</summary>
    public static List<int> Front(IReadOnlyList<IReadOnlyList<double>> points)
    {
        var ranks = FrontRanks(points);
        return [.. Enumerable.Range(0, points.Count).Where(i => ranks[i] == 0)];
    }

    /// <summary>
    /// Crowding distance of each member of one front: the sum over objectives of the normalised gap between its
    /// neighbours; the extremes of every objective get infinity, so selection keeps the ends of the front.
    /// </summary>
    public static double[] CrowdingDistances(IReadOnlyList<IReadOnlyList<double>> points, IReadOnlyList<int> members)
    {
        var distance = new double[members.Count];
        if (members.Count == 0) return distance;
        var objectives = points[members[0]].Count;
        var order = new int[members.Count];
        for (var m = 0; m < objectives; m++)
        {
            for (var k = 0; k < order.Length; k++) order[k] = k;
            // Ties break by position, so equal inputs give equal distances on every run.
            Array.Sort(order, (a, b) =>
            {
                var byValue = Oriented(points[members[a]][m]).CompareTo(Oriented(points[members[b]][m]));
                return byValue != 0 ? byValue : a.CompareTo(b);
            });
            var low = Oriented(points[members[order[0]]][m]);
            var high = Oriented(points[members[order[^1]]][m]);
            distance[order[0]] = distance[order[^1]] = double.PositiveInfinity;
            var span = high - low;
            if (!(span > 0) || double.IsInfinity(span)) continue;
            for (var k = 1; k < order.Length - 1; k++)
                distance[order[k]] += (Oriented(points[members[order[k + 1]]][m])
                    - Oriented(points[members[order[k - 1]]][m])) / span;
        }
        return distance;
    }
}
