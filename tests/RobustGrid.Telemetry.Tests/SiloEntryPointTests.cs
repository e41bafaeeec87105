using System.Net.Http.Json;
using System.Text.Json;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Telemetry.Tests;

/// <summary>
/// robustgrid-silo and 'robustgrid silo' are the same silo: started with the same settings, each samples GPUs, logs at
/// the same levels, exports the same RobustGrid metric families, answers the same HTTP API and trains and scores a
/// trial with the same executors. Either entry point composing its own host shows up here as a difference.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SiloEntryPointTests : IDisposable
{
    private const string GpuSamplerLine = "GPU telemetry: sampling";

    private const string TinySweep = """
        name: entry-point-check
        dataset: fashion-mnist
        method: grid
        parameters:
          method: {value: erm}
          model: {value: small-cnn}
          epochs: {value: 1}
          batch_size: {value: 64}
          train_limit: {value: 128}
          test_limit: {value: 64}
          threads: {value: 1}
        seeds: [0]
        """;

    private static readonly TimeSpan Startup = TimeSpan.FromMinutes(2);

    /// <summary>What a started silo still needs for its hosted services' first round.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    private readonly string _scratch =
        Path.Combine(Path.GetTempPath(), "robustgrid-tests", "entry-points-" + Guid.NewGuid().ToString("N"));
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly List<ChildProcess> _processes = [];
    // Each silo's ports stay reserved while it runs: it binds them while they are reserved.
    private readonly List<PortReservation> _ports = [];

    [Fact]
    public async Task TheCliSiloAndTheSiloProgramAreTheSameSilo()
    {
        var (program, programUrl) =
            Start("program", Repository.BuiltExecutable("silos/RobustGrid.Silo", "robustgrid-silo"));
        var (cli, cliUrl) = Start("cli", Repository.BuiltExecutable("src/RobustGrid.Cli", "robustgrid"), "silo");
        var silos = new[]
        {
            (Name: "robustgrid-silo", Process: program, Url: programUrl),
            (Name: "robustgrid silo", Process: cli, Url: cliUrl),
        };

        foreach (var s in silos)
        {
            await GridWithPrometheus.WaitFor($"{s.Name}'s /health",
                async () => (await _http.GetAsync(new Uri(s.Url, "/health"))).IsSuccessStatusCode, Startup, s.Process);
            await GridWithPrometheus.WaitFor($"{s.Name}'s GPU sampler to start",
                () => Task.FromResult(s.Process.Printed(GpuSamplerLine)), Settle, s.Process);
            // The metered trainer registers its slot gauge once the slot workers start.
            await GridWithPrometheus.WaitFor($"{s.Name}'s trainer slot gauge",
                async () => (await Families(s.Url)).Contains("robustgrid_trainer_slots"), Settle, s.Process);
        }

        // Their log levels are the silo's own, not those of an appsettings.json that happens to be in the working
        // folder.
        Assert.All(silos, s => Assert.False(s.Process.Printed("info: Orleans."),
            $"{s.Name} logs Orleans at information level:\n{s.Process.Tail}"));
        Assert.Equal(await Families(programUrl), await Families(cliUrl));
        Assert.Equal(await _http.GetStringAsync(new Uri(programUrl, "/")),
            await _http.GetStringAsync(new Uri(cliUrl, "/")));
        Assert.Equal(await Slots(programUrl), await Slots(cliUrl));

        var trials = new List<string>();
        foreach (var s in silos) trials.Add(await RunTinySweep(s.Url, s.Process));
        Assert.Equal(trials[0], trials[1]);
    }

    private (ChildProcess Process, Uri Url) Start(string name, string executable, params string[] arguments)
    {
        var ports = LoopbackPorts.Reserve(3);
        _ports.Add(ports);
        var (siloPort, gatewayPort, httpPort) = (ports.Ports[0], ports.Ports[1], ports.Ports[2]);
        var url = new Uri($"http://127.0.0.1:{httpPort}");
        // Started in a folder of their own: this test's output folder holds the silo's appsettings.json.
        var folder = Directory.CreateDirectory(Path.Combine(_scratch, name)).FullName;
        var process = new ChildProcess(executable, arguments, workingDirectory: folder,
            environment: new Dictionary<string, string>
            {
                ["ROBUSTGRID_HOME"] = Path.Combine(folder, "home"),
                ["RobustGrid__Http__Url"] = url.ToString(),
                ["ROBUSTGRID__CLUSTER__SILOPORT"] = siloPort.ToString(),
                ["ROBUSTGRID__CLUSTER__PRIMARYSILOPORT"] = siloPort.ToString(),
                ["ROBUSTGRID__CLUSTER__GATEWAYPORT"] = gatewayPort.ToString(),
            });
        _processes.Add(process);
        return (process, url);
    }

    /// <summary>The RobustGrid metric families /metrics declares (Orleans' own appear as grains happen to
    /// run).</summary>
    private async Task<SortedSet<string>> Families(Uri silo)
    {
        var text = await _http.GetStringAsync(new Uri(silo, "/metrics"));
        return new SortedSet<string>(text.Split('\n')
            .Where(l => l.StartsWith("# TYPE robustgrid_", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[2]), StringComparer.Ordinal);
    }

    /// <summary>Slot count and devices, without the silo addresses that differ by port.</summary>
    private async Task<string> Slots(Uri silo)
    {
        var status = await _http.GetFromJsonAsync<JsonElement>(new Uri(silo, "/api/slots"));
        return string.Join(",", status.GetProperty("slots").EnumerateArray()
            .Select(s => $"{s.GetProperty("slot")}:{s.GetProperty("device")}"));
    }

    /// <summary>Runs a one-trial real training; returns its state and the metric names it scored.</summary>
    private async Task<string> RunTinySweep(Uri silo, ChildProcess process)
    {
        var launch =
            await _http.PostAsync(new Uri(silo, "/api/sweeps?name=entry-point-check"), new StringContent(TinySweep));
        var launched = await launch.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(launch.IsSuccessStatusCode, $"launch failed: {launched}");
        var id = launched.GetProperty("sweepId").GetString()!;
        JsonElement status = default;
        await GridWithPrometheus.WaitFor($"sweep {id} to finish", async () =>
        {
            status = await _http.GetFromJsonAsync<JsonElement>(new Uri(silo, $"/api/sweeps/{id}?trials=true"));
            return status.GetProperty("summary").GetProperty("state").GetString() is "completed" or "failed"
                or "cancelled";
        }, TimeSpan.FromMinutes(3), process);
        var trial = status.GetProperty("trials").EnumerateArray().Single();
        var metrics = trial.GetProperty("metrics").EnumerateObject().Select(m => m.Name).Order(StringComparer.Ordinal);
        var result = $"{trial.GetProperty("state").GetString()} [{string.Join(", ", metrics)}]";
        Assert.True(trial.GetProperty("state").GetString() == "completed", $"{result}: {trial}");
        return result;
    }

    public void Dispose()
    {
        foreach (var process in _processes) process.Dispose();
        foreach (var ports in _ports) ports.Dispose();
        _http.Dispose();
        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying process; the temp folder is cleaned by the OS.
        }
    }
}
