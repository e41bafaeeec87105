using System.Diagnostics;
using System.Globalization;
using RobustGrid.Grid.Grains.Sampling;

namespace RobustGrid.Bench.Grid;

/// <summary>
/// What the NSGA-II sampler spends once per generation: choosing the elite of every earlier configuration with a
/// result. The pool's objectives are uniform draws in the unit cube (seeded), so most fronts are small and the elite
/// reaches a few fronts deep, or (<c>tradeoff</c>) uniform draws on the simplex where they sum to 1, so that no point
/// dominates another and the first front is the whole pool: the worst case. Each pool is timed over several calls
/// after one untimed warm-up call.
/// </summary>
internal static class NsgaEliteBenchmark
{
    public static IEnumerable<string> Run(IReadOnlyList<int> pools, IReadOnlyList<int> objectives, int size, int calls,
        bool tradeoff)
    {
        foreach (var count in objectives)
            foreach (var poolSize in pools)
            {
                var pool = Pool(poolSize, count, tradeoff);
                var fronts = NsgaIISampler.Elite(pool, size).Select(m => m.Front).Distinct().Count();
                var times = new List<double>();
                for (var call = 0; call < calls; call++)
                {
                    var start = Stopwatch.GetTimestamp();
                    NsgaIISampler.Elite(pool, size);
                    times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
                times.Sort();
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"| {poolSize:N0} | {count} | {size} | {fronts} | {calls} | {times[times.Count / 2]:F1} " +
                    $"| {times[^1]:F1} | {LoadAverage.Read()} |");
            }
    }

    private static List<Observation> Pool(int size, int objectives, bool tradeoff)
    {
        var rng = new Random(2002 + objectives);
        return [.. Enumerable.Range(0, size).Select(c =>
        {
            // Exponential draws normalised by their sum are uniform on the simplex.
            var losses = Enumerable.Range(0, objectives)
                .Select(_ => tradeoff ? -Math.Log(1 - rng.NextDouble()) : rng.NextDouble()).ToArray();
            if (tradeoff)
            {
                var sum = losses.Sum();
                for (var k = 0; k < losses.Length; k++) losses[k] /= sum;
            }
            return new Observation(new Dictionary<string, string>(), losses[0], ConfigIndex: c, Losses: losses);
        })];
    }
}
