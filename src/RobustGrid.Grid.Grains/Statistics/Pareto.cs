namespace RobustGrid.Grid.Grains.Statistics;

/// <summary>
/// Pareto dominance over points whose every coordinate is oriented so that lower is better: the fronts and crowding
/// distance of NSGA-II (Deb et al. 2002). The NSGA-II sampler and the leaderboard's Pareto view both use it, so a
/// front means the same thing in both.
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

    /// <summary>Indexes of the non-dominated points, in input order.</summary>
    public static List<int> Front(IReadOnlyList<IReadOnlyList<double>> points) =>
        points.Count == 0 ? [] : FirstFronts(points, 1)[0];

    /// <summary>
    /// The first fronts, best first, each as its points' indexes in input order: as many as it takes to hold at least
    /// <paramref name="enough"/> points (or all of them). A point's dominators all come before it in lexicographic
    /// order, so one pass over the sorted points against the front found so far peels off a front: what is not in it
    /// waits for the next pass. Boards of ten thousand rows ask for the first front on every page, and the NSGA-II
    /// sampler for a few fronts every generation, where sorting all of them with all-pairs comparisons takes seconds.
    /// </summary>
    public static List<List<int>> FirstFronts(IReadOnlyList<IReadOnlyList<double>> points, int enough)
    {
        var remaining = Enumerable.Range(0, points.Count).ToArray();
        Array.Sort(remaining, (i, j) => CompareLexicographic(points[i], points[j]));
        var fronts = new List<List<int>>();
        for (var taken = 0; taken < enough && remaining.Length > 0; taken += fronts[^1].Count)
        {
            var front = new List<int>();
            var rest = new List<int>();
            foreach (var i in remaining)
                (front.Exists(f => Dominates(points[f], points[i])) ? rest : front).Add(i);
            front.Sort();
            fronts.Add(front);
            remaining = [.. rest];
        }
        return fronts;
    }

    private static int CompareLexicographic(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        for (var k = 0; k < a.Count; k++)
        {
            var c = Oriented(a[k]).CompareTo(Oriented(b[k]));
            if (c != 0) return c;
        }
        return 0;
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
