using System.Diagnostics;
using System.Globalization;

namespace RobustGrid.Bench.Telemetry;

/// <summary>
/// Prometheus' side of a scrape, in a child process so that its own CPU is not billed to the silo: GET /metrics every
/// interval until its standard input closes (or, given a count, after that many scrapes), then print "scrapes bytes
/// failures".
/// </summary>
internal static class Scraper
{
    public static async Task<int> RunAsync(Uri metrics, TimeSpan interval, int count = int.MaxValue)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var stop = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            while (await Console.In.ReadLineAsync() is not null)
            {
            }
            await stop.CancelAsync();
        });
        var (scrapes, bytes, failures) = (0, 0L, 0);
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                try
                {
                    var body = await http.GetByteArrayAsync(metrics, stop.Token);
                    scrapes++;
                    bytes += body.Length;
                }
                catch (HttpRequestException)
                {
                    failures++;
                }
            }
            while (scrapes + failures < count && await timer.WaitForNextTickAsync(stop.Token));
        }
        catch (OperationCanceledException)
        {
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{scrapes} {bytes} {failures}"));
        return 0;
    }

    /// <summary>Starts this program in scrape mode against <paramref name="metrics"/>.</summary>
    public static Process Start(Uri metrics, TimeSpan interval, int? count = null)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // Under "dotnet Bench.dll" the process is the dotnet host: pass the assembly first.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            start.ArgumentList.Add(typeof(Scraper).Assembly.Location);
        start.ArgumentList.Add("scrape");
        start.ArgumentList.Add(metrics.ToString());
        start.ArgumentList.Add(interval.TotalMilliseconds.ToString(CultureInfo.InvariantCulture));
        if (count is { } n) start.ArgumentList.Add(n.ToString(CultureInfo.InvariantCulture));
        return Process.Start(start) ?? throw new InvalidOperationException("could not start the scraper");
    }

    /// <summary>Closes the scraper's input (or, for a counted run, waits for it to finish) and reads its
    /// counts.</summary>
    public static async Task<(int Scrapes, long Bytes, int Failures)> StopAsync(Process scraper,
        bool waitForCount = false)
    {
        if (!waitForCount) scraper.StandardInput.Close();
        var line = (await scraper.StandardOutput.ReadToEndAsync()).Trim();
        await scraper.WaitForExitAsync();
        var parts = line.Split(' ');
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture),
            int.Parse(parts[2], CultureInfo.InvariantCulture));
    }
}
