using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Telemetry.Tests;

/// <summary>
/// Starts a real silo process and Debian's Prometheus on loopback ports, Prometheus scraping the silo every second,
/// runs a small real sweep (two tiny trainings, evaluated on two Fashion-MNIST-C corruptions) and waits until
/// Prometheus has seen it finish. The trainings last several seconds even on an idle machine, so that one-second
/// scrapes see the busy slots' gauges.
/// Everything it starts is stopped and deleted afterwards.
/// </summary>
public sealed partial class GridWithPrometheus : IAsyncLifetime
{
    private readonly string _scratch = TestData.NewScratchFolder("telemetry-");
    private ChildProcess? _silo;
    private ChildProcess? _prometheus;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };
    public Uri Silo { get; private set; } = null!;
    public Uri Prometheus { get; private set; } = null!;
    public DateTimeOffset Started { get; private set; }
    public string SweepId { get; private set; } = "";

    public const string SweepSpec = """
        name: telemetry-check
        dataset: fashion-mnist
        method: grid
        metric: {name: corruption/mce, goal: minimize}
        parameters:
          method: {value: erm}
          model: {value: small-cnn}
          learning_rate: {values: [0.05, 0.02]}
          epochs: {value: 3}
          train_limit: {value: 3000}
          test_limit: {value: 300}
        seeds: [0]
        parallel_trials: 1
        evaluation: {suite: fashion-mnist-c, corruptions: [gaussian_noise, contrast]}
        """;

    public async Task InitializeAsync()
    {
        Started = DateTimeOffset.UtcNow;
        _silo = await StartSilo();
        _prometheus = await StartPrometheus();

        var launch =
            await Http.PostAsync(new Uri(Silo, "/api/sweeps?name=telemetry-check"), new StringContent(SweepSpec));
        var launched = await launch.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(launch.IsSuccessStatusCode, $"launch failed: {launched}");
        SweepId = launched.GetProperty("sweepId").GetString()!;
        await WaitFor("the sweep to complete", async () =>
        {
            var status = await Http.GetFromJsonAsync<JsonElement>(new Uri(Silo, $"/api/sweeps/{SweepId}"));
            var state = status.GetProperty("state").GetString();
            Assert.False(state is "failed" or "cancelled", $"sweep ended {state}: {status}");
            return state == "completed";
        }, TimeSpan.FromMinutes(8), _silo);
        // The silo's poller copies the cluster's sweep counts and leaderboard bests into gauges every few seconds, and
        // Prometheus scrapes them every second: wait until Prometheus holds the finished sweep's.
        await WaitFor("Prometheus to hold the finished sweep's gauges", async () =>
            await HasSeries("robustgrid_trials{sweep=\"telemetry-check\",state=\"completed\"} == 2")
            && await HasSeries("robustgrid_leaderboard_best{metric=\"corruption/mce\"}")
            && await HasSeries("robustgrid_leaderboard_best{metric=\"clean/error\"}"), TimeSpan.FromMinutes(2), _silo);
    }

    /// <summary>Whether an instant query of <paramref name="expression"/> returns any series.</summary>
    private async Task<bool> HasSeries(string expression)
    {
        var answer = await Query(expression, range: false);
        return answer.GetProperty("status").GetString() == "success"
            && answer.GetProperty("data").GetProperty("result").GetArrayLength() > 0;
    }

    public async Task<JsonElement> Query(string expression, bool range)
    {
        var now = DateTimeOffset.UtcNow;
        var path = range
            ? $"/api/v1/query_range?query={Uri.EscapeDataString(expression)}&start={Started.ToUnixTimeSeconds()}&end=" +
                $"{now.ToUnixTimeSeconds()}&step=1"
            : $"/api/v1/query?query={Uri.EscapeDataString(expression)}";
        var response = await Http.GetAsync(new Uri(Prometheus, path));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body;
    }

    /// <summary>The label sets of every series Prometheus scraped since the fixture started that match the
    /// selector.</summary>
    public async Task<List<Dictionary<string, string>>> Series(string selector)
    {
        var path = $"/api/v1/series?match[]={Uri.EscapeDataString(selector)}&start={Started.ToUnixTimeSeconds()}&end=" +
            $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}";
        var body = await Http.GetFromJsonAsync<JsonElement>(new Uri(Prometheus, path));
        Assert.Equal("success", body.GetProperty("status").GetString());
        return [.. body.GetProperty("data").EnumerateArray()
            .Select(s => s.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!))];
    }

    public Task DisposeAsync()
    {
        _silo?.Dispose();
        _prometheus?.Dispose();
        Http.Dispose();
        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying process; the temp folder is cleaned by the OS.
        }
        return Task.CompletedTask;
    }

    internal static async Task WaitFor(string what, Func<Task<bool>> condition, TimeSpan timeout, ChildProcess process)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, $"process exited while waiting for {what}:\n{process.Tail}");
            try
            {
                if (await condition()) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(500);
        }
        Assert.Fail($"timed out after {timeout} waiting for {what}:\n{process.Tail}");
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex KestrelListening();

    [GeneratedRegex(@"msg=""Listening on"" address=(127\.0\.0\.1:\d+)")]
    private static partial Regex PrometheusListening();

    /// <summary>
    /// The silo with its HTTP API on a port Kestrel chose (port 0, read back from its start-up line). Orleans needs its
    /// silo and gateway ports in advance: they stay reserved until the silo is up, and a start that lost one of them to
    /// another process is tried on new ones.
    /// </summary>
    private async Task<ChildProcess> StartSilo()
    {
        for (var attempt = 1; ; attempt++)
        {
            using var ports = LoopbackPorts.Reserve(2);
            var (siloPort, gatewayPort) = (ports.Ports[0].ToString(), ports.Ports[1].ToString());
            var silo = new ChildProcess(Repository.BuiltExecutable("silos/RobustGrid.Silo", "robustgrid-silo"), [],
                new Dictionary<string, string>
                {
                    ["ROBUSTGRID_HOME"] = Path.Combine(_scratch, "home"),
                    ["RobustGrid__Http__Url"] = "http://127.0.0.1:0",
                    // Kestrel's start-up line names the port it bound; appsettings.json keeps Microsoft's information
                    // quiet.
                    ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
                    ["ROBUSTGRID__CLUSTER__SILOPORT"] = siloPort,
                    ["ROBUSTGRID__CLUSTER__PRIMARYSILOPORT"] = siloPort,
                    ["ROBUSTGRID__CLUSTER__GATEWAYPORT"] = gatewayPort,
                });
            if (await silo.WaitForLine(KestrelListening(), TimeSpan.FromMinutes(2)) is { } listening)
            {
                Silo = new Uri(listening.Groups[1].Value);
                if (await Ready("the silo's /health", new Uri(Silo, "/health"), TimeSpan.FromMinutes(2), silo))
                    return silo;
            }
            var lostAPort = LoopbackPorts.ReportsAddressInUse(silo.Output);
            var output = silo.Tail;
            silo.Dispose();
            Assert.True(lostAPort && attempt < LoopbackPorts.Attempts, $"the silo exited while starting:\n{output}");
        }
    }

    /// <summary>Prometheus on a port it chose (port 0, read back from its start-up line), scraping the silo every
    /// second.</summary>
    private async Task<ChildProcess> StartPrometheus()
    {
        var config = Path.Combine(_scratch, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: robustgrid-silos
                static_configs:
                  - targets: ["{Silo.Authority}"]
            """);
        var prometheus = new ChildProcess(PrometheusBinary(), [
            $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(_scratch, "tsdb")}",
            "--web.listen-address=127.0.0.1:0",
        ]);
        var listening = await prometheus.WaitForLine(PrometheusListening(), TimeSpan.FromMinutes(1));
        Assert.True(listening is not null, $"Prometheus exited while starting:\n{prometheus.Tail}");
        Prometheus = new Uri($"http://{listening.Groups[1].Value}");
        Assert.True(await Ready("Prometheus", new Uri(Prometheus, "/-/ready"), TimeSpan.FromMinutes(1), prometheus),
            $"Prometheus exited while starting:\n{prometheus.Tail}");
        return prometheus;
    }

    /// <summary>Waits until <paramref name="url"/> answers with success; false when the process exits first.</summary>
    private async Task<bool> Ready(string what, Uri url, TimeSpan timeout, ChildProcess process)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!process.HasExited)
        {
            try
            {
                if ((await Http.GetAsync(url)).IsSuccessStatusCode) return true;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            Assert.True(DateTime.UtcNow < deadline, $"timed out after {timeout} waiting for {what}:\n{process.Tail}");
            await Task.Delay(500);
        }
        return false;
    }

    private static string PrometheusBinary() =>
        File.Exists("/usr/bin/prometheus")
            ? "/usr/bin/prometheus"
            : throw new InvalidOperationException(
                "Prometheus is not installed: run ./scripts/setup.sh prometheus (Debian package 'prometheus')");
}
