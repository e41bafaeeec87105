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
    public static async Task RunAsync(OverheadSettings settings, int blocks, int scrapesPerBlock, int idleWindows,
        TimeSpan window)
    {
        var idle = new Dictionary<bool, double>();
        foreach (var telemetry in new[] { false, true })
        {
            var (app, url, _) = OverheadRun.Build(settings, telemetry, index: telemetry ? 101 : 100);
            await app.StartAsync();
            try
            {
                await OverheadRun.RunSweepAsync(app, settings, telemetry ? 101 : 100);
                // Let the sweep's last writes and background JIT settle, then take the quietest of several windows
                // (Orleans' own periodic work, e.g. membership every 30 s, lands in some windows and not others).
                await Task.Delay(settings.Settle);
                var windows = new List<double>();
                for (var i = 0; i < idleWindows; i++) windows.Add(await IdleCpuMillisecondsPerSecond(window));
                idle[telemetry] = windows.Min();
                Console.WriteLine($"idle silo after a sweep, telemetry {(telemetry ? "on" : "off")}, " +
                    $"no scrapes: {idle[telemetry]:F2} ms CPU per second (quietest " +
                    $"of {string.Join(", ", windows.Select(w => w.ToString("F2", CultureInfo.InvariantCulture)))})");
                if (!telemetry) continue;
                Console.WriteLine();
                Console.WriteLine(
                    "| block | scrapes | KB per scrape | wall s | silo CPU ms per scrape (idle rate subtracted) |");
                Console.WriteLine("|---|---|---|---|---|");
                var perScrape = new List<double>();
                for (var block = 1; block <= blocks; block++)
                {
                    var process = Process.GetCurrentProcess();
                    var cpu = process.TotalProcessorTime;
                    var wall = Stopwatch.StartNew();
                    using var scraper =
                        Scraper.Start(new Uri(url, "/metrics"), TimeSpan.FromMilliseconds(10), scrapesPerBlock);
                    var (scrapes, bytes, failures) = await Scraper.StopAsync(scraper, waitForCount: true);
                    var seconds = wall.Elapsed.TotalSeconds;
                    process.Refresh();
                    var used = (process.TotalProcessorTime - cpu).TotalMilliseconds - idle[true] * seconds;
                    if (failures > 0) throw new InvalidOperationException($"{failures} scrapes failed");
                    perScrape.Add(used / scrapes);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {block} | {scrapes} | {bytes / 1024.0 / scrapes:F0} | {seconds:F2} | {used / scrapes:F2} " +
                        $"|"));
                }
                // The first few hundred scrapes run code that tiered JIT has not optimised yet: steady state is the
                // later half.
                var steady = Summary.Of([.. perScrape.Skip(blocks / 2)]);
                var idleAdded = idle[true] - idle[false];
                var perSecond = steady.Median / settings.ScrapeInterval.TotalSeconds + Math.Max(0, idleAdded);
                Console.WriteLine();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"idle CPU added by telemetry (pollers, samplers, " +
                    $"Orleans instruments): {idleAdded:F2} ms per second"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"CPU per scrape, blocks {blocks / 2 + 1}..{blocks}: min {steady.Min:F2}, " +
                    $"median {steady.Median:F2}, max {steady.Max:F2} ms"));
                // One torch thread keeps one core busy: 1,000 ms of training CPU per second per thread.
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"steady-state telemetry CPU at one scrape per {settings.ScrapeInterval.TotalSeconds:0.##} s " +
                    $"(idle part counted only if positive): " +
                    $"{perSecond:F2} ms per second = {perSecond / (10.0 * settings.Threads):F2} % " +
                    $"of {settings.Threads} busy trainer core(s)"));
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
