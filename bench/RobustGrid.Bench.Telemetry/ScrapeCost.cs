using System.Diagnostics;
using System.Globalization;

namespace RobustGrid.Bench.Telemetry;

/// <summary>
/// Telemetry's steady-state cost on a warm silo, measured in parts: CPU while idle with telemetry on and off (pollers,
/// samplers, instruments), and CPU per scrape of /metrics over blocks of back-to-back scrapes after a sweep has filled
/// the series. These parts are small against the training, so they are measured where the trainer's noise is absent.
/// </summary>
internal static class ScrapeCost
{
    public static async Task RunAsync(OverheadSettings settings, int blocks, int scrapesPerBlock)
    {
        var idle = new Dictionary<bool, double>();
        foreach (var telemetry in new[] { false, true })
        {
            var (app, url, _) = OverheadRun.Build(settings, telemetry, index: telemetry ? 101 : 100);
            await app.StartAsync();
            try
            {
                await OverheadRun.RunSweepAsync(app, settings, telemetry ? 101 : 100);
                // Let the sweep's last writes and background JIT settle, then take the quietest of three 10 s windows.
                await Task.Delay(TimeSpan.FromSeconds(5));
                var windows = new List<double>();
                for (var i = 0; i < 3; i++) windows.Add(await IdleCpuMillisecondsPerSecond(TimeSpan.FromSeconds(10)));
                idle[telemetry] = windows.Min();
                Console.WriteLine($"idle silo after a sweep, telemetry {(telemetry ? "on" : "off")}, no scrapes: {idle[telemetry]:F2} ms CPU per second (quietest of {string.Join(", ", windows.Select(w => w.ToString("F2", CultureInfo.InvariantCulture)))})");
                if (!telemetry) continue;
                Console.WriteLine();
                Console.WriteLine("| block | scrapes | KB per scrape | wall s | silo CPU ms per scrape (idle rate subtracted) |");
                Console.WriteLine("|---|---|---|---|---|");
                var perScrape = new List<double>();
                for (var block = 1; block <= blocks; block++)
                {
                    var process = Process.GetCurrentProcess();
                    var cpu = process.TotalProcessorTime;
                    var wall = Stopwatch.StartNew();
                    using var scraper = Scraper.Start(new Uri(url, "/metrics"), TimeSpan.FromMilliseconds(10), scrapesPerBlock);
                    var (scrapes, bytes, failures) = await Scraper.StopAsync(scraper, waitForCount: true);
                    var seconds = wall.Elapsed.TotalSeconds;
                    process.Refresh();
                    var used = (process.TotalProcessorTime - cpu).TotalMilliseconds - idle[true] * seconds;
                    if (failures > 0) throw new InvalidOperationException($"{failures} scrapes failed");
                    perScrape.Add(used / scrapes);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {block} | {scrapes} | {bytes / 1024.0 / scrapes:F0} | {seconds:F2} | {used / scrapes:F2} |"));
                }
                var steady = Summary.Of([.. perScrape.Skip(1)]);
                Console.WriteLine();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"CPU per scrape, blocks 2..{blocks}: min {steady.Min:F2}, median {steady.Median:F2}, max {steady.Max:F2} ms"));
                var interval = settings.ScrapeInterval.TotalSeconds;
                // One torch thread keeps one core busy: 1,000 ms of training CPU per second.
                var overhead = (steady.Median / interval + idle[true] - idle[false]) / (1000.0 * settings.Threads) * 100;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"steady-state telemetry CPU at one scrape per {interval:0.##} s: {steady.Median / interval + idle[true] - idle[false]:F2} ms per second = {overhead:F2} % of the trainer's CPU ({settings.Threads} torch thread(s))"));
            }
            finally
            {
                await OverheadRun.StopAsync(app);
            }
        }
    }

    /// <summary>
    /// Brings the exporter's code to its steady state before the A/B runs: a silo with telemetry on trains once and
    /// serves a few hundred scrapes, so tiered JIT has promoted the scrape path (the first ~200 scrapes cost several
    /// times the later ones: a start-up cost a long-running silo pays once, not a per-image cost).
    /// </summary>
    public static async Task WarmAsync(OverheadSettings settings, int scrapes)
    {
        var (app, url, _) = OverheadRun.Build(settings, telemetry: true, index: 99);
        await app.StartAsync();
        try
        {
            await OverheadRun.RunSweepAsync(app, settings, 99);
            using var scraper = Scraper.Start(new Uri(url, "/metrics"), TimeSpan.FromMilliseconds(10), scrapes);
            await Scraper.StopAsync(scraper, waitForCount: true);
        }
        finally
        {
            await OverheadRun.StopAsync(app);
        }
    }

    private static async Task<double> IdleCpuMillisecondsPerSecond(TimeSpan duration)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        await Task.Delay(duration);
        process.Refresh();
        return (process.TotalProcessorTime - cpu).TotalMilliseconds / wall.Elapsed.TotalSeconds;
    }
}
