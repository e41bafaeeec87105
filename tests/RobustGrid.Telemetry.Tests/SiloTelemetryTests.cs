using System.Text.Json;
using System.Text.RegularExpressions;

namespace RobustGrid.Telemetry.Tests;

[Trait("Category", "Integration")]
public sealed partial class SiloTelemetryTests(GridWithPrometheus grid) : IClassFixture<GridWithPrometheus>
{
    /// <summary>
    /// Families a silo must export after a sweep, each with exactly these labels (besides otel_scope_name, and le for
    /// histogram buckets). Read from the real /metrics text, never from the code's constants.
    /// </summary>
    public static TheoryData<string, string[]> Families => new()
    {
        { "robustgrid_trials", ["dataset", "state", "sweep"] },
        { "robustgrid_queue_pending", ["sweep"] },
        { "robustgrid_trainer_slots", ["device", "state"] },
        { "robustgrid_trial_duration_seconds_bucket", ["dataset", "method", "model", "outcome"] },
        { "robustgrid_epoch_duration_seconds_bucket", ["dataset", "method", "model"] },
        { "robustgrid_evaluations_total", ["corruption", "dataset", "suite"] },
        { "robustgrid_evaluation_images_per_second", ["dataset", "suite"] },
        { "robustgrid_corruption_cache_requests_total", ["dataset", "result"] },
        { "robustgrid_leaderboard_best", ["dataset", "method", "metric", "suite"] },
        { "robustgrid_process_memory_resident_bytes", [] },
        { "robustgrid_allocator_allocated_bytes", ["allocator"] },
        { "robustgrid_allocator_retained_bytes", ["allocator"] },
        { "orleans_catalog_activations", ["grain_type"] },
        { "orleans_app_requests_latency_milliseconds_bucket", [] },
    };

    [Theory]
    [MemberData(nameof(Families))]
    public async Task TheEndpointExportsEachFamilyWithItsLabels(string family, string[] labels)
    {
        var series = await Scrape();
        var ofFamily = series.Where(s => s.Name == family).ToList();
        Assert.True(ofFamily.Count > 0, $"{family} is missing from /metrics");
        Assert.All(ofFamily,
            s => Assert.Equal(labels.Order(), s.Labels.Keys.Where(k => k is not ("otel_scope_name" or "le")).Order()));
    }

    /// <summary>Gauges of busy trainer slots: they exist only while a trial trains, so they are read back from
    /// Prometheus.</summary>
    public static TheoryData<string> BusySlotFamilies => new()
    {
        "robustgrid_trainer_images_per_second", "robustgrid_trainer_loss", "robustgrid_trainer_accuracy",
    };

    [Theory]
    [MemberData(nameof(BusySlotFamilies))]
    public async Task BusySlotGaugesWereScrapedWhileTrainingWithTheirLabels(string family)
    {
        var series = await grid.Series(family);
        Assert.True(series.Count > 0, $"Prometheus never scraped {family} from the silo's /metrics during the sweep");
        Assert.All(series, s =>
        {
            Assert.Equal(["dataset", "device", "method", "model", "slot", "sweep"],
                s.Keys.Where(k => k is not ("__name__" or "job" or "instance" or "otel_scope_name")).Order());
            Assert.Equal(("telemetry-check", "erm", "small-cnn", "fashion-mnist", "cpu-0"),
                (s["sweep"], s["method"], s["model"], s["dataset"], s["slot"]));
        });
        Assert.NotEmpty(await grid.Series("robustgrid_trainer_slots{state=\"busy\"}"));
    }

    [Fact]
    public async Task TheSweepShowsUpWithBoundedLabels()
    {
        var series = await Scrape();
        var completed = series.Single(s => s.Name == "robustgrid_trials" && s.Labels["state"] == "completed");
        Assert.Equal("telemetry-check", completed.Labels["sweep"]);
        Assert.Equal(2, completed.Value);
        // Trial identifiers ("{sweepId}/00001") and launch ids never become label values: they would grow without
        // bound.
        Assert.DoesNotContain(series,
            s => s.Labels.Values.Any(v => v.Contains(grid.SweepId, StringComparison.Ordinal)));
        var evaluated = series.Where(s => s.Name == "robustgrid_evaluations_total").Select(s => s.Labels["corruption"])
            .Order();
        Assert.Equal(["clean", "contrast", "gaussian_noise"], evaluated);
    }

    /// <summary>The memory gauges are the silo's own: resident memory as large as a process that trained is, live
    /// native bytes (libtorch's weights and buffers at least) below it, from the allocator the silo restarted
    /// on.</summary>
    [Fact]
    public async Task NativeMemoryGaugesDescribeTheSilosOwnMemory()
    {
        var series = await Scrape();
        var resident = series.Single(s => s.Name == "robustgrid_process_memory_resident_bytes").Value;
        var allocated = series.Single(s => s.Name == "robustgrid_allocator_allocated_bytes");
        var retained = series.Single(s => s.Name == "robustgrid_allocator_retained_bytes");
        Assert.InRange(resident, 100e6, 20e9);
        Assert.InRange(allocated.Value, 1e6, resident);
        Assert.InRange(retained.Value, 0, resident);
        var expected = Environment.GetEnvironmentVariable("ROBUSTGRID_ALLOCATOR") != "system"
            && File.Exists("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2") ? "jemalloc" : "glibc";
        Assert.Equal(expected, allocated.Labels["allocator"]);
    }

    [Fact]
    public async Task EveryDashboardQueryIsValidAndReturnsSeries()
    {
        var problems = new List<string>();
        var checkedQueries = 0;
        foreach (var file in Dashboards.Files)
        {
            using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(file));
            foreach (var panel in dashboard.RootElement.GetProperty("panels").EnumerateArray())
            {
                var title = panel.GetProperty("title").GetString();
                // Grafana runs range queries for time series and instant queries for tables; so do we.
                var range = panel.GetProperty("type").GetString() != "table";
                var gpuOnly = panel.TryGetProperty("description", out var d)
                    && d.GetString()!.StartsWith("GPU silos only", StringComparison.Ordinal);
                foreach (var target in panel.GetProperty("targets").EnumerateArray())
                {
                    var expression = target.GetProperty("expr").GetString()!;
                    var answer = await grid.Query(expression, range);
                    checkedQueries++;
                    if (answer.GetProperty("status").GetString() != "success")
                        problems.Add($"{Path.GetFileName(file)} / {title}: invalid: {answer}");
                    else if (answer.GetProperty("data").GetProperty("result").GetArrayLength() == 0
                        && !(gpuOnly && !HasGpu))
                        problems.Add($"{Path.GetFileName(file)} / {title}: no series for {expression}");
                }
            }
        }
        Assert.True(checkedQueries >= 25, $"only {checkedQueries} queries found in the dashboards");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>GPU panels can only have data where NVIDIA's management library answers.</summary>
    private static bool HasGpu => File.Exists("/usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1");

    private sealed record Series(string Name, Dictionary<string, string> Labels, double Value);

    private async Task<List<Series>> Scrape()
    {
        var text = await grid.Http.GetStringAsync(new Uri(grid.Silo, "/metrics"));
        var result = new List<Series>();
        foreach (var line in text.Split('\n'))
        {
            var match = SeriesLine().Match(line);
            if (!match.Success) continue;
            var labels = LabelPair().Matches(match.Groups["labels"].Value)
                .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            result.Add(new Series(match.Groups["name"].Value, labels,
                double.Parse(match.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture)));
        }
        return result;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)")]
    private static partial Regex SeriesLine();

    [GeneratedRegex("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex LabelPair();
}
