using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using RobustGrid.Catalog;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Hosting;

namespace RobustGrid.Bench.Grid;

/// <summary>
/// How long the console's leaderboard page takes to load from a silo whose board holds many entries: a real silo
/// host (<see cref="GridSiloHost"/>, API and console on one port), a board filled with entries that carry every
/// column a corruption-scored trial has (about 125), and the page fetched over HTTP as a browser fetches it, one
/// load after another. Each load ranks the whole board and draws every row on the scatter; the table lists the
/// first 50 rows, or all of them for the second row of the report; the third row is the API's JSON of the same
/// ranking, for what the query itself costs.
/// </summary>
internal static class ConsolePageBenchmark
{
    private const string Dataset = "fashion-mnist", Suite = "fashion-mnist-c";

    private static readonly string[] Methods = ["erm", "augmix", "ipmix", "advbn", "adv-mixup"];

    public static async Task<IReadOnlyList<string>> RunAsync(int entries, int loads)
    {
        var home = Directory.CreateTempSubdirectory("robustgrid-console-bench-").FullName;
        try
        {
            await using var app = await StartSiloAsync(home);
            try
            {
                return await MeasureAsync(app, entries, loads);
            }
            finally
            {
                await app.StopAsync();
            }
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private static async Task<IReadOnlyList<string>> MeasureAsync(WebApplication app, int entries, int loads)
    {
        var grid = app.Services.GetRequiredService<IClusterClient>();
        var board = grid.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For(Dataset, Suite));
        for (var i = 0; i < entries; i += 500)
            await Task.WhenAll(Enumerable.Range(i, Math.Min(500, entries - i)).Select(j => board.Record(Entry(j))));
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var page = $"/console/leaderboards/{Dataset}/{Suite}?metric={Uri.EscapeDataString(
            MetricNames.MeanCorruptionError)}";
        return
        [
            await MeasureAsync(http, page, "50 rows listed", entries, loads),
            await MeasureAsync(http, page + $"&rows={entries}", "every row listed", entries, loads),
            // The same ranking as JSON from the API: what the board's query costs before any HTML is drawn.
            await MeasureAsync(http, $"/api/leaderboards/{Dataset}/{Suite}?metric={Uri.EscapeDataString(
                MetricNames.MeanCorruptionError)}&top={entries}", "(API JSON, every row)", entries, loads),
        ];
    }

    private static async Task<string> MeasureAsync(HttpClient http, string path, string what, int entries, int loads)
    {
        // Warm-up loads: the silo's first answers run unoptimised code that a silo up for a while has re-compiled.
        for (var i = 0; i < Math.Max(3, loads / 4); i++) await LoadAsync(http, path);
        var times = new List<double>();
        long bytes = 0;
        for (var i = 0; i < loads; i++)
        {
            var watch = Stopwatch.StartNew();
            bytes = await LoadAsync(http, path);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
        return $"| {entries} | {what} | {loads} | {Ms(times[times.Count / 2])} | " +
               $"{Ms(times[(int)Math.Ceiling(times.Count * 0.95) - 1])} | {Ms(times[^1])} | " +
               $"{(bytes / 1024.0).ToString("0", CultureInfo.InvariantCulture)} |";
    }

    private static async Task<long> LoadAsync(HttpClient http, string path)
    {
        using var answer = await http.GetAsync(new Uri(path, UriKind.Relative));
        answer.EnsureSuccessStatusCode();
        return (await answer.Content.ReadAsByteArrayAsync()).LongLength;
    }

    private static async Task<WebApplication> StartSiloAsync(string home)
    {
        var (silo, gateway) = (FreePort(), FreePort());
        string[] args =
        [
            $"--RobustGrid:Cluster:Home={home}", "--RobustGrid:Cluster:FsyncState=false",
            $"--RobustGrid:Cluster:SiloPort={silo}", $"--RobustGrid:Cluster:PrimarySiloPort={silo}",
            $"--RobustGrid:Cluster:GatewayPort={gateway}", "--RobustGrid:Silo:TrainerSlots=0",
            "--RobustGrid:Silo:DriveSweeps=false", "--Logging:LogLevel:Default=Warning",
        ];
        var app = GridSiloHost.Build(args, _ => { }, "http://127.0.0.1:0");
        await app.StartAsync();
        return app;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A trial scored on the corruption suite: clean scores, calibration, mCE, every corruption at every
    /// severity and the family means; one configuration per entry, so every entry is a row.</summary>
    private static LeaderboardEntry Entry(int i)
    {
        var method = Methods[i % Methods.Length];
        var skill = (i * 7919 % 1000) / 1000.0;
        var metrics = new Dictionary<string, double>
        {
            [MetricNames.CleanError] = 0.08 + 0.2 * skill,
            [MetricNames.CleanAccuracy] = 0.92 - 0.2 * skill,
            [MetricNames.Nll] = 0.3 + skill,
            [MetricNames.Ece] = 0.02 + 0.1 * skill,
            [MetricNames.RmsCalibrationError] = 0.03 + 0.1 * skill,
            [MetricNames.MeanCorruptionError] = 0.2 + 0.3 * skill + (i % 7) / 100.0,
        };
        foreach (var corruption in CorruptionNames.Names)
        {
            metrics[$"corruption/{corruption}"] = 0.25 + 0.3 * skill;
            for (var s = 1; s <= CorruptionNames.MaxSeverity; s++)
                metrics[$"corruption/{corruption}/{s}"] = 0.1 + 0.1 * s + 0.2 * skill;
        }
        foreach (var family in (string[])["noise", "blur", "weather", "digital"])
            metrics[$"family/{family}"] = 0.3 + 0.2 * skill;
        var parameters = new Dictionary<string, string>
        {
            ["method"] = method,
            ["learning_rate"] = (i / 100_000.0).ToString("0.#####", CultureInfo.InvariantCulture),
        };
        return new LeaderboardEntry($"bench-sweep/{i:D5}", "bench-sweep", Dataset, Suite, "small-cnn", method,
            $"cfg{i}", 0, parameters, "", metrics, DateTimeOffset.UtcNow);
    }
}
