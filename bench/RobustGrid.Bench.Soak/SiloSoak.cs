using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Bench.Soak;

/// <summary>
/// The soak on a standalone silo (<c>robustgrid-silo</c>), driven through its HTTP API: the sweep's counts from
/// <c>/api/sweeps/{id}</c>, resident memory from /proc, and the native allocator's bytes from the silo's own
/// <c>/metrics</c>, as Prometheus would scrape them.
/// </summary>
internal static partial class SiloSoak
{
    public static async Task<SoakRun> RunAsync(string home, int trials, IReadOnlyList<string> methods,
        SoakSize size, Action<MemorySample> progress)
    {
        var ports = FreePorts.Take(2);
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var silo = new Child(Repository.BuiltExecutable("silos/RobustGrid.Silo", "robustgrid-silo"), [],
            new Dictionary<string, string>
            {
                ["ROBUSTGRID_HOME"] = home,
                ["RobustGrid__Http__Url"] = "http://127.0.0.1:0",
                ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
                ["ROBUSTGRID__CLUSTER__SILOPORT"] = ports[0].ToString(CultureInfo.InvariantCulture),
                ["ROBUSTGRID__CLUSTER__PRIMARYSILOPORT"] = ports[0].ToString(CultureInfo.InvariantCulture),
                ["ROBUSTGRID__CLUSTER__GATEWAYPORT"] = ports[1].ToString(CultureInfo.InvariantCulture),
            }, line =>
            {
                if (Listening().Match(line) is { Success: true } m) listening.TrySetResult(new Uri(m.Groups[1].Value));
            });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var api = await WaitForAddress(listening.Task, silo);

        if (SoakSpecs.NeedsClassifier(methods)) await RunBase(http, api, silo, size);

        var soakId = await Launch(http, api, SoakSpecs.SoakName, SoakSpecs.Soak(trials, methods, size));
        var clock = Stopwatch.StartNew();
        var samples = new List<MemorySample>();
        (long Allocated, long Retained)? allocator = null;
        while (true)
        {
            if (silo.HasExited) throw new InvalidOperationException($"the silo exited:\n{silo.Tail}");
            var (completed, failed, state) = await Summary(http, api, soakId);
            // The silo samples its allocator every 5 s; scraping as often is enough.
            if (samples.Count % 5 == 0) allocator = await Allocator(http, api);
            var sample = new MemorySample(clock.Elapsed.TotalSeconds, completed, ResidentMemory.Of(silo.Id),
                allocator?.Allocated, allocator?.Retained);
            samples.Add(sample);
            progress(sample);
            if (state is "completed" or "failed" or "cancelled")
                return new SoakRun("silo", trials, failed, clock.Elapsed.TotalSeconds, samples);
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private static async Task RunBase(HttpClient http, Uri api, Child silo, SoakSize size)
    {
        var baseId = await Launch(http, api, SoakSpecs.BaseName, SoakSpecs.Base(size));
        while (await Summary(http, api, baseId) is var (_, _, state) && state != "completed")
        {
            if (state is "failed" or "cancelled" || silo.HasExited)
                throw new InvalidOperationException($"the base sweep ended {state}:\n{silo.Tail}");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private static async Task<Uri> WaitForAddress(Task<Uri> listening, Child silo)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (!listening.IsCompleted)
        {
            if (silo.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"the silo did not start:\n{silo.Tail}");
            await Task.Delay(200);
        }
        return await listening;
    }

    private static async Task<string> Launch(HttpClient http, Uri api, string name, string spec)
    {
        var response = await http.PostAsync(new Uri(api, $"/api/sweeps?name={name}"), new StringContent(spec));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"launching {name} failed: {body}");
        return body.GetProperty("sweepId").GetString()!;
    }

    private static async Task<(int Completed, int Failed, string State)> Summary(HttpClient http, Uri api, string id)
    {
        var summary = await http.GetFromJsonAsync<JsonElement>(new Uri(api, $"/api/sweeps/{id}"));
        var counts = summary.GetProperty("counts").EnumerateObject()
            .ToDictionary(p => p.Name.ToLowerInvariant(), p => p.Value.GetInt32());
        return (counts.GetValueOrDefault("completed"), counts.GetValueOrDefault("failed"),
            summary.GetProperty("state").GetString()!.ToLowerInvariant());
    }

    /// <summary>The allocator gauges from the silo's /metrics; null until the silo's first sample.</summary>
    private static async Task<(long, long)?> Allocator(HttpClient http, Uri api)
    {
        var text = await http.GetStringAsync(new Uri(api, "/metrics"));
        long? Gauge(string family) => text.Split('\n')
            .Where(line => line.StartsWith(family + "{", StringComparison.Ordinal)
                || line.StartsWith(family + " ", StringComparison.Ordinal))
            .Select(line => (long?)double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture))
            .FirstOrDefault();
        return Gauge("robustgrid_allocator_allocated_bytes") is { } allocated
            && Gauge("robustgrid_allocator_retained_bytes") is { } retained
            ? (allocated, retained)
            : null;
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
