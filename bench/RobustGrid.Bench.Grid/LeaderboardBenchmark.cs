using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using RobustGrid.Grid.Contracts;

namespace RobustGrid.Bench.Grid;

/// <summary>
/// Leaderboard queries at a paced rate (default 1,000/s, several concurrent in flight) while results stream in
/// (default 200 entries/s), against a board pre-filled with evaluated trials. Reports p50/p99/max latency.
/// </summary>
internal static class LeaderboardBenchmark
{
    private static readonly string[] Methods = ["erm", "augmix", "ipmix", "advbn", "adv-mixup"];

    private static LeaderboardEntry Entry(int i)
    {
        var config = i / 3;
        var method = Methods[config % Methods.Length];
        var accuracy = 0.7 + (config * 7919 % 1000) / 4000.0 + (i % 3) * 0.001;
        return new LeaderboardEntry($"bench/{i:D6}", "bench", "cifar10", "clean", "resnet18", method, $"cfg{config}",
            i % 3,
            new() { ["method"] = method, ["learning_rate"] = (config / 1000.0).ToString(CultureInfo.InvariantCulture) },
            "", new()
            {
                [MetricNames.CleanAccuracy] = accuracy,
                [MetricNames.CleanError] = 1 - accuracy,
                [MetricNames.MeanCorruptionError] = 1.2 - accuracy,
                [MetricNames.Ece] = 0.05 + (i % 17) / 1000.0,
            }, DateTimeOffset.UtcNow);
    }

    public static async Task<string> RunAsync(int prefill, int queriesPerSecond, int writesPerSecond, TimeSpan warmUp,
        TimeSpan duration, BenchStorageChoice storage)
    {
        await using var cluster = await BenchCluster.StartAsync(1, 1, storage);
        var board = cluster.Client.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For("cifar10", "clean"));
        for (var i = 0; i < prefill; i += 500)
            await Task.WhenAll(Enumerable.Range(i, Math.Min(500, prefill - i)).Select(j => board.Record(Entry(j))));

        LeaderboardQuery[] queries =
        [
            new(MetricNames.CleanError, 10),
            new(MetricNames.MeanCorruptionError, 10, Method: "augmix"),
            new(MetricNames.Ece, 20, GroupSeeds: false),
            new(MetricNames.CleanAccuracy, 5, Method: "erm"),
        ];
        // Warm up with the measured load itself (queries and writes), long enough for tiered JIT to finish
        // re-compiling the hot paths: a silo that has run for a while answers from optimised code, and without this
        // the first seconds' tier-0 code and background re-JIT on two cores set the p99.
        var written = prefill;
        await RunLoadAsync(board, queries, queriesPerSecond, writesPerSecond, warmUp, () => written++);

        using var sampler = Environment.GetEnvironmentVariable("ROBUSTGRID_BENCH_ALLOCATIONS") == "1"
            ? new AllocationSampler() : null;
        sampler?.Start();
        var pauseBefore = GC.GetTotalPauseDuration();
        var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var countBefore = await board.Count();
        var clock = Stopwatch.StartNew();
        var latencies =
            await RunLoadAsync(board, queries, queriesPerSecond, writesPerSecond, duration, () => written++);
        var elapsed = clock.Elapsed.TotalSeconds;
        // Where a tail comes from on a small machine: stop-the-world collections pause every query in flight.
        var pauseMs = (GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds;
        var allocatedMbPerSecond = (GC.GetTotalAllocatedBytes() - allocatedBefore) / elapsed / 1e6;
        var gcs = $"{GC.CollectionCount(0) - gcBefore.Item1}/{GC.CollectionCount(1) - gcBefore.Item2}/" +
            $"{GC.CollectionCount(2) - gcBefore.Item3}";
        double P(double q) => latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
        var final = await board.Count();
        if (sampler is not null)
            Console.Error.WriteLine("allocations sampled by type:" + Environment.NewLine + sampler.Report(25));
        return string.Create(CultureInfo.InvariantCulture,
            $"| {countBefore:N0} → {final:N0} | {latencies.Count / elapsed:N0} " +
            $"| {(final - countBefore) / elapsed:N0} | {P(0.5):F3} | {P(0.99):F3} | {latencies[^1]:F2} " +
            $"| {(GCSettings.IsServerGC ? "server" : "workstation")} | {allocatedMbPerSecond:F0} | {gcs} " +
            $"| {pauseMs:F0} |");
    }

    /// <summary>Open-loop load: queries issued at their scheduled times without waiting for earlier ones, while a
    /// writer records new results at its own pace. Returns every query's latency in milliseconds, sorted.</summary>
    private static async Task<List<double>> RunLoadAsync(ILeaderboardGrain board, LeaderboardQuery[] queries,
        int queriesPerSecond, int writesPerSecond, TimeSpan duration, Func<int> nextEntry)
    {
        using var stop = new CancellationTokenSource(duration);
        var writer = Task.Run(async () =>
        {
            var interval = TimeSpan.FromSeconds(1.0 / writesPerSecond);
            var clock = Stopwatch.StartNew();
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                await board.Record(Entry(nextEntry()));
                n++;
                var due = interval * n - clock.Elapsed;
                if (due > TimeSpan.Zero) await Task.Delay(due);
            }
        });
        var latencies = new List<double>();
        var pending = new List<Task>();
        var gate = new object();
        var clock = Stopwatch.StartNew();
        var sent = 0;
        while (!stop.IsCancellationRequested)
        {
            var due = TimeSpan.FromSeconds((double)sent / queriesPerSecond) - clock.Elapsed;
            if (due > TimeSpan.FromMilliseconds(1)) await Task.Delay(due);
            var query = queries[sent % queries.Length];
            sent++;
            pending.Add(Task.Run(async () =>
            {
                var start = Stopwatch.GetTimestamp();
                await board.Query(query);
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                lock (gate) latencies.Add(ms);
            }));
        }
        await Task.WhenAll(pending);
        await writer;
        latencies.Sort();
        return latencies;
    }

}
