using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace RobustGrid.Telemetry.Tests;

/// <summary>
/// Starts Debian's Prometheus on a loopback port, scraping a real silo process every second, runs a small real sweep
/// (two tiny trainings, evaluated on two Fashion-MNIST-C corruptions) and waits until Prometheus has seen it finish.
/// Everything it starts is stopped and deleted afterwards.
/// </summary>
public sealed class GridWithPrometheus : IAsyncLifetime
{
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "robustgrid-tests", "telemetry-" + Guid.NewGuid().ToString("N"));
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
          epochs: {value: 2}
          train_limit: {value: 1500}
          test_limit: {value: 300}
        seeds: [0]
        parallel_trials: 1
        evaluation: {suite: fashion-mnist-c, corruptions: [gaussian_noise, contrast]}
        """;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_scratch);
        Started = DateTimeOffset.UtcNow;
        var (siloPort, gatewayPort, httpPort, prometheusPort) = (FreePort(), FreePort(), FreePort(), FreePort());
        Silo = new Uri($"http://127.0.0.1:{httpPort}");
        Prometheus = new Uri($"http://127.0.0.1:{prometheusPort}");

        var config = Path.Combine(_scratch, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: robustgrid-silos
                static_configs:
                  - targets: ["127.0.0.1:{httpPort}"]
            """);
        _prometheus = new ChildProcess(PrometheusBinary(), [
            $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(_scratch, "tsdb")}",
            $"--web.listen-address=127.0.0.1:{prometheusPort}",
        ]);
        _silo = new ChildProcess(Repository.SiloExecutable, [], new Dictionary<string, string>
        {
            ["ROBUSTGRID_HOME"] = Path.Combine(_scratch, "home"),
            ["RobustGrid__Http__Url"] = Silo.ToString(),
            ["ROBUSTGRID__CLUSTER__SILOPORT"] = siloPort.ToString(),
            ["ROBUSTGRID__CLUSTER__PRIMARYSILOPORT"] = siloPort.ToString(),
            ["ROBUSTGRID__CLUSTER__GATEWAYPORT"] = gatewayPort.ToString(),
        });
        await WaitFor("the silo's /health", async () => (await Http.GetAsync(new Uri(Silo, "/health"))).IsSuccessStatusCode, TimeSpan.FromMinutes(2), _silo);
        await WaitFor("Prometheus", async () => (await Http.GetAsync(new Uri(Prometheus, "/-/ready"))).IsSuccessStatusCode, TimeSpan.FromMinutes(1), _prometheus);

        var launch = await Http.PostAsync(new Uri(Silo, "/api/sweeps?name=telemetry-check"), new StringContent(SweepSpec));
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
        // The poller publishes cluster gauges every 5 s and Prometheus scrapes every second: give both a few rounds.
        await Task.Delay(TimeSpan.FromSeconds(12));
    }

    public async Task<JsonElement> Query(string expression, bool range)
    {
        var now = DateTimeOffset.UtcNow;
        var path = range
            ? $"/api/v1/query_range?query={Uri.EscapeDataString(expression)}&start={Started.ToUnixTimeSeconds()}&end={now.ToUnixTimeSeconds()}&step=1"
            : $"/api/v1/query?query={Uri.EscapeDataString(expression)}";
        var response = await Http.GetAsync(new Uri(Prometheus, path));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body;
    }

    /// <summary>The label sets of every series Prometheus scraped since the fixture started that match the selector.</summary>
    public async Task<List<Dictionary<string, string>>> Series(string selector)
    {
        var path = $"/api/v1/series?match[]={Uri.EscapeDataString(selector)}&start={Started.ToUnixTimeSeconds()}&end={DateTimeOffset.UtcNow.ToUnixTimeSeconds()}";
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

    private static string PrometheusBinary() =>
        File.Exists("/usr/bin/prometheus")
            ? "/usr/bin/prometheus"
            : throw new InvalidOperationException("Prometheus is not installed: run ./scripts/setup.sh prometheus (Debian package 'prometheus')");

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
