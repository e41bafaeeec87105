using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace RobustGrid.Bench.Grid;

/// <summary>
/// The runtime's sampled allocation events (one about every 100 KB allocated), counted by type: where a benchmark's
/// allocation rate, and so its gen-0 pauses, comes from. Enabled with ROBUSTGRID_BENCH_ALLOCATIONS=1.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytesByType = new();
    private volatile bool _recording;

    public void Start() => _recording = true;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_recording || e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal)
            || e.Payload is null) return;
        var type = e.PayloadNames?.IndexOf("TypeName") is int t and >= 0 ? e.Payload[t] as string ?? "?" : "?";
        var amount = e.PayloadNames?.IndexOf("AllocationAmount64") is int a and >= 0 ? Convert.ToInt64(e.Payload[a])
            : 100_000;
        _bytesByType.AddOrUpdate(type, amount, (_, v) => v + amount);
    }

    public string Report(int top)
    {
        _recording = false;
        var total = Math.Max(1, _bytesByType.Values.Sum());
        return string.Join(Environment.NewLine, _bytesByType.OrderByDescending(p => p.Value).Take(top)
            .Select(p => $"  {100.0 * p.Value / total,5:F1} %  {p.Key}"));
    }
}
