using System.Globalization;
using System.Runtime.InteropServices;
using RobustGrid.Bench.Telemetry;

// Telemetry overhead, same real training with telemetry off and on, interleaved:
//   RobustGrid.Bench.Telemetry [--pairs 4] [--train-limit 12000] [--epochs 1] [--test-limit 1000] [--threads 1]
//     [--scrape-ms 1000] [--warm-scrapes 300] [--settle-s 5]
//   RobustGrid.Bench.Telemetry scrape-cost [--blocks 6] [--block-scrapes 100] [--train-limit 3000]
//     [--idle-windows 8] [--window-s 5] [--settle-s 5]
//     telemetry's parts on a warm silo: idle CPU on/off (the quietest window) and CPU per scrape of /metrics
// (internal) RobustGrid.Bench.Telemetry scrape URL INTERVAL_MS [COUNT]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args.FirstOrDefault() == "scrape")
    return await Scraper.RunAsync(new Uri(args[1]),
        TimeSpan.FromMilliseconds(double.Parse(args[2], CultureInfo.InvariantCulture)),
        args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : int.MaxValue);

string Option(string name, string fallback)
{
    var at = Array.IndexOf(args, "--" + name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}
int IntOption(string name, int fallback) =>
    int.Parse(Option(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

var pairs = IntOption("pairs", 4);
var root = Path.Combine(Path.GetTempPath(), "robustgrid-bench", "telemetry-" + Guid.NewGuid().ToString("N"));
var settings = new OverheadSettings(IntOption("train-limit", 12_000), IntOption("epochs", 1),
    IntOption("test-limit", 1_000), IntOption("threads", 1), TimeSpan.FromMilliseconds(IntOption("scrape-ms", 1_000)),
    TimeSpan.FromSeconds(IntOption("settle-s", 5)), root);
string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))
    : "n/a";

Console.WriteLine(
    $"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
Console.WriteLine($"small-cnn, fashion-mnist, {settings.TrainLimit} training images x {settings.Epochs} epoch(s), " +
    $"test {settings.TestLimit}, " +
    $"torch threads {settings.Threads}, scrape every {settings.ScrapeInterval.TotalSeconds:0.##} s, {pairs} " +
    $"pairs, {settings.Settle.TotalSeconds:0} s settle after each host start");
Console.WriteLine($"load average before: {Load()}");
try
{
    if (args.FirstOrDefault() == "scrape-cost")
    {
        await ScrapeCost.RunAsync(settings with { TrainLimit = IntOption("train-limit", 3_000) },
            IntOption("blocks", 6), IntOption("block-scrapes", 100), IntOption("idle-windows", 8),
            TimeSpan.FromSeconds(IntOption("window-s", 5)));
        Console.WriteLine($"load average after: {Load()}");
        return 0;
    }

    // Warm-up (not reported): JIT of both modes' code (the exporter's scrape path included), dataset cache, libtorch's
    // first-touch allocations.
    var warmScrapes = IntOption("warm-scrapes", 300);
    await ScrapeCost.WarmAsync(settings with { TrainLimit = Math.Min(settings.TrainLimit, 3_000) }, warmScrapes);
    var warm = await OverheadRun.RunAsync(settings, telemetry: false, index: 0);
    Console.WriteLine($"warm-up: a silo with telemetry on trained and served {warmScrapes} scrapes; " +
        $"one with telemetry off trained at {warm.ImagesPerSecond:F1} images/s");
    Console.WriteLine();
    Console.WriteLine("| # | telemetry | train images/s | trial wall s | process CPU s | CPU ms/image | trainer " +
        "thread CPU s | other threads CPU s | allocated MB | gen0 / gen2 GCs | scrapes (KB each) |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
    var results = new List<(Repetition Off, Repetition On)>();
    var index = 1;
    for (var pair = 0; pair < pairs; pair++)
    {
        // ABBA order: off-on, then on-off, so a steady drift in machine speed cancels out of the pair averages.
        var order = pair % 2 == 0 ? new[] { false, true } : [true, false];
        var done = new Dictionary<bool, Repetition>();
        foreach (var telemetry in order)
        {
            var r = await OverheadRun.RunAsync(settings, telemetry, index);
            done[telemetry] = r;
            var scrapes = telemetry ? $"{r.Scrapes} ({r.ScrapedBytes / 1024.0 / Math.Max(1, r.Scrapes):F0})" +
                $"{(r.ScrapeFailures > 0 ? $", {r.ScrapeFailures} failed" : "")}" : "-";
            Console.WriteLine($"| {index++} | {(telemetry ? "on" : "off")} | {r.ImagesPerSecond:F1} " +
                $"| {r.Cost.WallSeconds:F2} | {r.Cost.ProcessCpuSeconds:F2} | " +
                $"{r.CpuMillisecondsPerImage:F4} | {r.Cost.TrainerThreadCpuSeconds:F2} " +
                $"| {r.Cost.OtherThreadsCpuSeconds:F3} | {r.Cost.AllocatedBytes / 1048576.0:F1} " +
                $"| {r.Cost.Gen0Collections} / {r.Cost.Gen2Collections} | {scrapes} |");
        }
        results.Add((done[false], done[true]));
    }
    // Overhead per pair, in percent: lost throughput, extra CPU per image, and extra CPU per image outside the
    // trainer's thread (where the exporter, scrapes and pollers run) relative to the whole process CPU per image
    // without telemetry.
    double Other(Repetition r) => 1000 * r.Cost.OtherThreadsCpuSeconds / r.Cost.ImagesTrained;
    var throughput = Summary.Of(
        [.. results.Select(p => 100 * (p.Off.ImagesPerSecond - p.On.ImagesPerSecond) / p.Off.ImagesPerSecond)]);
    var cpu = Summary.Of([.. results.Select(
        p => 100 * (p.On.CpuMillisecondsPerImage - p.Off.CpuMillisecondsPerImage) / p.Off.CpuMillisecondsPerImage)]);
    var other =
        Summary.Of([.. results.Select(p => 100 * (Other(p.On) - Other(p.Off)) / p.Off.CpuMillisecondsPerImage)]);
    Console.WriteLine();
    Console.WriteLine($"load average after: {Load()}");
    Console.WriteLine("| overhead of telemetry (per pair, %) | min | median | max | mean ± 95 % CI |");
    Console.WriteLine("|---|---|---|---|---|");
    foreach (var (name, s) in new[]
    {
        ("training throughput lost", throughput), ("process CPU per image added", cpu),
        ("CPU per image added outside the trainer thread", other),
    })
        Console.WriteLine($"| {name} | {s.Min:+0.00;-0.00} | {s.Median:+0.00;-0.00} | {s.Max:+0.00;-0.00} " +
            $"| {s.Mean:+0.00;-0.00} ± {s.HalfWidth:0.00} |");

    // Where the CPU outside the trainer goes: mean seconds per repetition by thread name, largest differences first.
    Console.WriteLine();
    Console.WriteLine("| thread (by name) | CPU s, off | CPU s, on |");
    Console.WriteLine("|---|---|---|");
    double Mean(IEnumerable<Repetition> rs, string name) =>
        rs.Average(r => r.Cost.CpuByThreadName.GetValueOrDefault(name));
    var offs = results.Select(p => p.Off).ToList();
    var ons = results.Select(p => p.On).ToList();
    var names = offs.Concat(ons).SelectMany(r => r.Cost.CpuByThreadName.Keys).Distinct();
    foreach (var name in names.OrderByDescending(n => Math.Max(Mean(offs, n), Mean(ons, n))).Take(12))
        Console.WriteLine($"| {name} | {Mean(offs, name):F2} | {Mean(ons, name):F2} |");
    return 0;
}
finally
{
    try
    {
        Directory.Delete(root, recursive: true);
    }
    catch (IOException)
    {
        // A checkpoint still held by a stopping host; the temp folder is cleaned by the OS.
    }
}
