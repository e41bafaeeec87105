using System.Globalization;
using System.Runtime.InteropServices;
using RobustGrid.Bench.Grid;

// Grid benchmarks (zero-cost trial kind only):
// dotnet run -c Release --project bench/RobustGrid.Bench.Grid [-- TRIALS
// [all|scheduling|hyperband|pbt|leaderboard|console|nsga2 [RESULTS_PER_SECOND]]] [--silos 1,3]
// [--storage memory|file|redis] [--redis HOST:PORT] [--warm-up-trials TRIALS]
// [--prefill 3000] [--warm-up-s 10] [--measure-s 15] [--entries 10000] [--loads 20]
// [--pools 1000,5000,10000] [--objectives 2,3] [--elite 50] [--points uniform|tradeoff]
// 'console' times the web console's leaderboard page on a board of --entries entries; 'nsga2' times the NSGA-II
// sampler's choice of the --elite best of pools of --pools results, each --loads times; 'all' leaves both out.
var positional = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
string? Option(string name)
{
    var at = Array.IndexOf(args, "--" + name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
int IntOption(string name, int fallback) =>
    Option(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
int[] IntsOption(string name, string fallback) =>
    [.. (Option(name) ?? fallback).Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];

var trials = positional.Length > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : 10_000;
// all | scheduling | hyperband | pbt | leaderboard | console | nsga2
var only = positional.Length > 1 ? positional[1] : "all";
// leaderboard writes while queried
var resultsPerSecond = positional.Length > 2 ? int.Parse(positional[2], CultureInfo.InvariantCulture) : 200;
var storage = BenchStorageChoice.Parse(Option("storage") ?? "memory", Option("redis"));
var silos = IntsOption("silos", "1,3");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, " +
    $".NET {Environment.Version}, {RuntimeInformation.ProcessArchitecture}; load average {LoadAverage.Read()}");
if (only is "all" or "scheduling")
{
    // A first one-silo sweep ("cold") warms the process up for the measured ones ("warm"); 0 skips it.
    var warmUp = IntOption("warm-up-trials", trials);
    Console.WriteLine();
    Console.WriteLine("Scheduling: zero-cost trials");
    Console.WriteLine("| storage | process | silos | slots | trials | leaderboard entries | wall s | trials/s " +
        "| ms per trial | overhead per trial slot (ms) | CPU s | CPU ms per trial | load |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    if (warmUp > 0) Console.WriteLine(await SchedulingBenchmark.RunAsync(1, 32, warmUp, storage, "cold"));
    // One silo has 32 slots; several share 48 between them.
    foreach (var count in silos)
        Console.WriteLine(await SchedulingBenchmark.RunAsync(count, count == 1 ? 32 : 48 / count, trials, storage,
            warmUp > 0 ? "warm" : "cold"));
}
if (only is "all" or "hyperband")
    await OneSiloTable("Scheduling under Hyperband: zero-cost trials of 9 epochs, every epoch reported, one silo",
        SchedulingBenchmark.HyperbandSpec);
// One silo: pbt's intervals wait for the whole population, so this is the throughput a population sweep keeps.
if (only is "all" or "pbt")
    await OneSiloTable("Scheduling: zero-cost trials of a pbt sweep (exploit/explore after every epoch)",
        SchedulingBenchmark.PbtSpec);
if (only is "all" or "leaderboard")
{
    Console.WriteLine();
    Console.WriteLine("Leaderboard queries under load while results stream in");
    Console.WriteLine("| entries | queries/s | results/s | p50 ms | p99 ms | max ms | GC | allocated MB/s | " +
        "collections gen0/1/2 | GC pause ms | load |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
    var loadBefore = LoadAverage.Read();
    var row = await LeaderboardBenchmark.RunAsync(prefill: IntOption("prefill", 3_000), queriesPerSecond: 1_000,
        writesPerSecond: resultsPerSecond, warmUp: TimeSpan.FromSeconds(IntOption("warm-up-s", 10)),
        duration: TimeSpan.FromSeconds(IntOption("measure-s", 15)), storage);
    Console.WriteLine($"{row} {loadBefore} → {LoadAverage.Read()} |");
}
if (only == "console")
{
    Console.WriteLine();
    Console.WriteLine("Console: leaderboard page load (ranked by mCE, scatter of every row)");
    Console.WriteLine("| entries | table | loads | p50 ms | p95 ms | max ms | page KiB |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    foreach (var row in await ConsolePageBenchmark.RunAsync(IntOption("entries", 10_000), IntOption("loads", 20)))
        Console.WriteLine(row);
}
if (only == "nsga2")
{
    Console.WriteLine();
    var points = Option("points") ?? "uniform";
    Console.WriteLine($"NSGA-II: the elite of a generation's pool ({points} random objectives)");
    Console.WriteLine("| pool | objectives | elite | fronts taken | calls | median ms | max ms | load |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|");
    foreach (var row in NsgaEliteBenchmark.Run(IntsOption("pools", "1000,5000,10000"), IntsOption("objectives", "2,3"),
        IntOption("elite", 50), IntOption("loads", 5), points == "tradeoff"))
        Console.WriteLine(row);
}

async Task OneSiloTable(string title, Func<int, int, string> makeSpec)
{
    Console.WriteLine();
    Console.WriteLine(title);
    Console.WriteLine("| storage | process | silos | slots | trials | leaderboard entries | wall s | trials/s " +
        "| ms per trial | overhead per trial slot (ms) | CPU s | CPU ms per trial | load |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    var warmUp = IntOption("warm-up-trials", trials);
    if (warmUp > 0) Console.WriteLine(await SchedulingBenchmark.RunAsync(1, 32, warmUp, storage, "cold", makeSpec));
    Console.WriteLine(await SchedulingBenchmark.RunAsync(1, 32, trials, storage, warmUp > 0 ? "warm" : "cold",
        makeSpec));
}
