using System.Globalization;
using System.Runtime.InteropServices;
using RobustGrid.Bench.Soak;

// Memory soak: N small real trials of every training method on the CLI's embedded grid and on a standalone silo,
// sampling their resident memory. The product processes choose their allocator as always (ROBUSTGRID_ALLOCATOR,
// MALLOC_CONF pass through).
//   dotnet run -c Release --project bench/RobustGrid.Bench.Soak -- [--trials N] [--grid embedded|silo|both]
//       [--methods erm,augmix,...] [--samples DIR] [--train-limit N] [--test-limit N] [--corruptions a,b]
//   dotnet run -c Release --project bench/RobustGrid.Bench.Soak -- --smoke     (a minute: 4 trials per grid)
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a, p => p.i + 1 < args.Length && !args[p.i + 1].StartsWith("--", StringComparison.Ordinal)
        ? args[p.i + 1] : "");
var smoke = options.ContainsKey("--smoke");
var trials = int.Parse(options.GetValueOrDefault("--trials", smoke ? "4" : "1000"), CultureInfo.InvariantCulture);
var grid = options.GetValueOrDefault("--grid", "both");
var methods = options.GetValueOrDefault("--methods", smoke ? "erm,augmix" : string.Join(",", SoakSpecs.Methods))
    .Split(',', StringSplitOptions.RemoveEmptyEntries);
var samplesFolder = options.GetValueOrDefault("--samples");
var size = new SoakSize(
    int.Parse(options.GetValueOrDefault("--train-limit", $"{SoakSize.Default.TrainLimit}"),
        CultureInfo.InvariantCulture),
    int.Parse(options.GetValueOrDefault("--test-limit", $"{SoakSize.Default.TestLimit}"), CultureInfo.InvariantCulture),
    options.TryGetValue("--corruptions", out var corruptions)
        ? corruptions.Split(',', StringSplitOptions.RemoveEmptyEntries)
        : SoakSize.Default.Corruptions);
if (grid is not ("embedded" or "silo" or "both") || trials < 4 || methods.Except(SoakSpecs.Methods).Any())
{
    Console.Error.WriteLine($"usage: [--trials N>=4] [--grid embedded|silo|both] " +
        $"[--methods {string.Join(",", SoakSpecs.Methods)}] [--samples DIR] " +
        "[--train-limit N] [--test-limit N] [--corruptions a,b] [--smoke]");
    return 2;
}

var allocator = Environment.GetEnvironmentVariable("ROBUSTGRID_ALLOCATOR") == "system"
    ? "glibc"
    : $"jemalloc, MALLOC_CONF={Environment.GetEnvironmentVariable("MALLOC_CONF") ?? "the product's"}";
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}; " +
    $"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine($"soak: {trials} trials per grid of {string.Join(", ", methods)}; allocator: {allocator}; " +
    $"{size.TrainLimit} training and {size.TestLimit} test images a trial, {string.Join(", ", size.Corruptions)}");
var rows = new List<string>();
var failedTrials = 0;
foreach (var which in grid == "both" ? ["embedded", "silo"] : new[] { grid })
{
    var home = Path.Combine(Path.GetTempPath(), "robustgrid-soak", Guid.NewGuid().ToString("N"));
    Directory.CreateDirectory(home);
    try
    {
        var lastPrinted = -1;
        var quarters = new QuarterProgress(which, trials);
        void Progress(MemorySample s)
        {
            quarters.Add(s);
            if (s.Completed == lastPrinted || s.Completed % Math.Max(1, trials / 20) != 0) return;
            lastPrinted = s.Completed;
            var retained = s.RetainedBytes is { } r
                ? string.Create(CultureInfo.InvariantCulture, $", allocator retained {r / 1e6:F0} MB")
                : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {which}: {s.Completed} trials, {s.Seconds:F0} s, " +
                $"resident {s.ResidentBytes / 1e6:F0} MB{retained}"));
        }
        var run = which == "embedded"
            ? await EmbeddedSoak.RunAsync(home, trials, methods, size, Progress)
            : await SiloSoak.RunAsync(home, trials, methods, size, Progress);
        rows.Add(SoakReport.Row(run, allocator));
        failedTrials += run.Failed;
        if (!string.IsNullOrEmpty(samplesFolder))
        {
            Directory.CreateDirectory(samplesFolder);
            await File.WriteAllTextAsync(Path.Combine(samplesFolder, $"{which}.csv"), SoakReport.Csv(run));
        }
    }
    finally
    {
        Directory.Delete(home, recursive: true);
    }
}
Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine();
Console.WriteLine(SoakReport.Header);
foreach (var row in rows) Console.WriteLine(row);
// A soak whose trials failed measured less than it says: CI's smoke run must notice.
return failedTrials == 0 ? 0 : 1;
