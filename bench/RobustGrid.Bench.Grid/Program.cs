using System.Globalization;
using System.Runtime.InteropServices;
using RobustGrid.Bench.Grid;

// Grid benchmarks (zero-cost trial kind only):
// dotnet run -c Release --project bench/RobustGrid.Bench.Grid [-- TRIALS [all|scheduling|leaderboard
// [RESULTS_PER_SECOND]]]
var trials = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var only = args.Length > 1 ? args[1] : "all"; // all | scheduling | leaderboard
// leaderboard writes while queried
var resultsPerSecond = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200;
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, " +
    $".NET {Environment.Version}, {RuntimeInformation.ProcessArchitecture}");
if (only is "all" or "scheduling")
{
    Console.WriteLine();
    Console.WriteLine("Scheduling: zero-cost trials");
    Console.WriteLine("| silos | slots | trials | leaderboard entries | wall s | trials/s | ms per trial | overhead " +
        "per trial slot (ms) | CPU s | CPU ms per trial |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
    Console.WriteLine(await SchedulingBenchmark.RunAsync(silos: 1, slotsPerSilo: 32, trials));
    Console.WriteLine(await SchedulingBenchmark.RunAsync(silos: 3, slotsPerSilo: 16, trials));
}
if (only is "all" or "leaderboard")
{
    Console.WriteLine();
    Console.WriteLine("Leaderboard queries under load while results stream in");
    Console.WriteLine("| entries | queries/s | results/s | p50 ms | p99 ms | max ms | GC | allocated MB/s | " +
        "collections gen0/1/2 | GC pause ms |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
    Console.WriteLine(
        await LeaderboardBenchmark.RunAsync(prefill: 3_000, queriesPerSecond: 1_000, writesPerSecond: resultsPerSecond,
        warmUp: TimeSpan.FromSeconds(10), duration: TimeSpan.FromSeconds(15)));
}
