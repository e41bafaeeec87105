using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace RobustGrid.Telemetry;

/// <summary>
/// RobustGrid's instruments (meter <c>RobustGrid</c>, exported as <c>robustgrid_*</c>). Counters and histograms are
/// recorded as events happen; gauges read the latest value each component reported in this process, so a scrape
/// never waits on a grain. Register once per process as a singleton.
/// </summary>
public sealed class RobustGridMetrics
{
    public const string MeterName = "RobustGrid";

    private readonly ConcurrentDictionary<(string Sweep, string Dataset, string State), long> _trialsByState = new();
    private readonly ConcurrentDictionary<string, long> _pendingBySweep = new();
    private readonly ConcurrentDictionary<string, SlotReport> _slots = new();
    private readonly ConcurrentDictionary<(string Dataset, string Suite), double> _evaluationRate = new();
    private readonly ConcurrentDictionary<(string Dataset, string Suite, string Metric, string Method), double> _best =
        new();
    private readonly ConcurrentDictionary<string, (long UsedBytes, double Utilization)> _gpus = new();
    private NativeMemoryReport? _nativeMemory;
    private readonly Histogram<double> _trialDuration;
    private readonly Histogram<double> _epochDuration;
    private readonly Counter<long> _evaluations;
    private readonly Counter<long> _cacheRequests;

    public RobustGridMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _trialDuration =
            meter.CreateHistogram<double>("robustgrid.trial.duration", "s", "Wall time of finished trials.");
        _epochDuration =
            meter.CreateHistogram<double>("robustgrid.epoch.duration", "s", "Wall time of training epochs.");
        _evaluations = meter.CreateCounter<long>("robustgrid.evaluations", "{evaluation}",
            "Evaluations completed, per corruption (\"clean\" for the clean set).");
        _cacheRequests = meter.CreateCounter<long>("robustgrid.corruption_cache.requests", "{request}",
            "Corrupted-set cache look-ups by result (hit or miss).");

        meter.CreateObservableGauge("robustgrid.trials", () => _trialsByState.Select(p => new Measurement<long>(p.Value,
            new("sweep", p.Key.Sweep), new("dataset", p.Key.Dataset), new("state", p.Key.State))), "{trial}",
            "Trials per sweep, dataset and state.");
        meter.CreateObservableGauge("robustgrid.queue.pending", () => _pendingBySweep.Select(p =>
            new Measurement<long>(p.Value, new KeyValuePair<string, object?>("sweep", p.Key))), "{trial}",
            "Trials waiting for a trainer slot.");
        meter.CreateObservableGauge("robustgrid.trainer.slots", ObserveSlots, "{slot}",
            "Trainer slots by device and state (busy or free).");
        meter.CreateObservableGauge("robustgrid.trainer.images", () => ObserveBusy(s => s.ImagesPerSecond), "{image}/s",
            "Training images per second per busy trainer slot.");
        meter.CreateObservableGauge("robustgrid.trainer.loss", () => ObserveBusy(s => s.Loss), null,
            "Latest training loss of the trial on each busy slot.");
        meter.CreateObservableGauge("robustgrid.trainer.accuracy", () => ObserveBusy(s => s.Accuracy), null,
            "Latest test accuracy (0-1) of the trial on each busy slot.");
        meter.CreateObservableGauge("robustgrid.evaluation.images",
            () => _evaluationRate.Select(p => new Measurement<double>(p.Value,
            new("dataset", p.Key.Dataset), new("suite", p.Key.Suite))), "{image}/s",
            "Images per second of the latest evaluation.");
        meter.CreateObservableGauge("robustgrid.leaderboard.best",
            () => _best.Select(p => new Measurement<double>(p.Value,
            new("dataset", p.Key.Dataset), new("suite", p.Key.Suite), new("metric", p.Key.Metric),
            new("method", p.Key.Method))),
            null, "Best leaderboard value per dataset, suite, metric and method.");
        meter.CreateObservableGauge("robustgrid.gpu.memory.used", () => _gpus.Select(p =>
            new Measurement<long>(p.Value.UsedBytes, new KeyValuePair<string, object?>("device", p.Key))), "By",
            "GPU memory in use.");
        meter.CreateObservableGauge("robustgrid.gpu.utilization",
            () => _gpus.Where(p => p.Value.Utilization >= 0).Select(p =>
            new Measurement<double>(p.Value.Utilization, new KeyValuePair<string, object?>("device", p.Key))), null,
            "GPU utilisation (0-1, from NVML).");
        meter.CreateObservableGauge("robustgrid.process.memory.resident",
            () => _nativeMemory is { } m ? [new Measurement<long>(m.ResidentBytes)] : Array.Empty<Measurement<long>>(),
            "By", "Resident memory of the silo process (VmRSS).");
        meter.CreateObservableGauge("robustgrid.allocator.allocated",
            () => ObserveAllocator(m => m.AllocatedBytes), "By",
            "Bytes in live native allocations (libtorch's CPU tensors among them), per the native allocator.");
        meter.CreateObservableGauge("robustgrid.allocator.retained",
            () => ObserveAllocator(m => m.RetainedBytes), "By",
            "Resident bytes the native allocator keeps free for reuse instead of returning them to the kernel.");
    }

    /// <summary>Replaces a sweep's trial counts per state; states absent from the report drop to zero.</summary>
    public void ReportSweep(string sweep, string dataset, IReadOnlyDictionary<string, long> countsByState, long pending)
    {
        foreach (var key in _trialsByState.Keys.Where(k => k.Sweep == sweep && !countsByState.ContainsKey(k.State)))
            _trialsByState[key] = 0;
        foreach (var (state, value) in countsByState) _trialsByState[(sweep, dataset, state)] = value;
        _pendingBySweep[sweep] = pending;
    }

    public void RegisterSlot(string slot, string device) =>
        _slots[slot] = new SlotReport(device, null, 0, double.NaN, double.NaN);

    public void SlotBusy(string slot, string device, TrialLabels trial) =>
        _slots[slot] = new SlotReport(device, trial, 0, double.NaN, double.NaN);

    public void SlotProgress(string slot, double imagesPerSecond, double loss, double accuracy) =>
        _slots.AddOrUpdate(slot, _ => new SlotReport("unknown", null, imagesPerSecond, loss, accuracy),
            (_, s) => s with
            {
                ImagesPerSecond = imagesPerSecond,
                Loss = loss,
                Accuracy = double.IsNaN(accuracy) ? s.Accuracy : accuracy,
            });

    public void SlotFree(string slot) =>
        _slots.AddOrUpdate(slot, _ => new SlotReport("unknown", null, 0, double.NaN, double.NaN),
            (_, s) => s with { Trial = null });

    // Histograms leave out the sweep label: each label value multiplies every bucket series, and per-sweep
    // timing is already in the sweep's own state.
    public void EpochFinished(TrialLabels trial, TimeSpan duration) =>
        _epochDuration.Record(duration.TotalSeconds, [.. Tags(trial).Where(t => t.Key != "sweep")]);

    public void TrialFinished(TrialLabels trial, string outcome, TimeSpan duration) =>
        _trialDuration.Record(duration.TotalSeconds,
            [.. Tags(trial).Where(t => t.Key != "sweep"), new("outcome", outcome)]);

    public void EvaluationFinished(string dataset, string suite, IEnumerable<string> corruptions,
        double imagesPerSecond)
    {
        foreach (var corruption in corruptions)
            _evaluations.Add(1, new KeyValuePair<string, object?>("dataset", dataset), new("suite", suite),
                new("corruption", corruption));
        _evaluationRate[(dataset, suite)] = imagesPerSecond;
    }

    public void CacheLookup(string dataset, bool hit) =>
        _cacheRequests.Add(1, new KeyValuePair<string, object?>("dataset", dataset),
            new("result", hit ? "hit" : "miss"));

    public void LeaderboardBest(string dataset, string suite, string metric, string method, double value) =>
        _best[(dataset, suite, metric, method)] = value;

    public void GpuSample(string device, long usedBytes, double utilization) =>
        _gpus[device] = (usedBytes, utilization);

    /// <param name="allocator">"jemalloc" or "glibc"; null where the allocator cannot be read, which leaves the
    /// allocator gauges out.</param>
    public void NativeMemorySample(long residentBytes, string? allocator, long allocatedBytes, long retainedBytes) =>
        _nativeMemory = new NativeMemoryReport(residentBytes, allocator, allocatedBytes, retainedBytes);

    private IEnumerable<Measurement<long>> ObserveAllocator(Func<NativeMemoryReport, long> value) =>
        _nativeMemory is { Allocator: { } allocator } m
            ? [new Measurement<long>(value(m), new KeyValuePair<string, object?>("allocator", allocator))]
            : [];

    private IEnumerable<Measurement<long>> ObserveSlots() =>
        _slots.Values.GroupBy(s => (s.Device, State: s.Trial is null ? "free" : "busy"))
            .Select(g => new Measurement<long>(g.Count(), new("device", g.Key.Device), new("state", g.Key.State)));

    private IEnumerable<Measurement<double>> ObserveBusy(Func<SlotReport, double> value) =>
        _slots.Where(p => p.Value.Trial is not null && !double.IsNaN(value(p.Value)))
            .Select(p => new Measurement<double>(value(p.Value),
                [.. Tags(p.Value.Trial!), new("slot", p.Key), new("device", p.Value.Device)]));

    private static KeyValuePair<string, object?>[] Tags(TrialLabels trial, params (string Key, string Value)[] extra) =>
    [
        new("sweep", trial.Sweep), new("method", trial.Method), new("model", trial.Model),
        new("dataset", trial.Dataset), .. extra.Select(e => new KeyValuePair<string, object?>(e.Key, e.Value)),
    ];

    private sealed record NativeMemoryReport(long ResidentBytes, string? Allocator, long AllocatedBytes,
        long RetainedBytes);

    private sealed record SlotReport(string Device, TrialLabels? Trial, double ImagesPerSecond, double Loss,
        double Accuracy);
}
