using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Telemetry;

namespace RobustGrid.Grid.Hosting.Telemetry;

/// <summary>
/// Wraps the silo's trial executor to publish slot occupancy, per-epoch throughput, loss, accuracy and durations.
/// Slots are numbered per device by lowest free index, so the slot label never has more values than the silo has slots.
/// </summary>
internal sealed class MeteredTrialExecutor(
    ITrialExecutor inner,
    RobustGridMetrics metrics,
    TimeProvider clock,
    string device,
    int slots) : ITrialExecutor
{
    private readonly bool[] _busy = new bool[Math.Max(1, slots)];
    private readonly Lock _lock = new();

    public void RegisterSlots()
    {
        for (var i = 0; i < _busy.Length; i++) metrics.RegisterSlot(SlotName(i), device);
    }

    public TrialRunResult Run(TrainerJob job, ITrialProgress progress, CancellationToken cancellationToken)
    {
        var spec = job.Spec;
        var labels = new TrialLabels(SweepLabel(spec), spec.Method, spec.Model, spec.Dataset);
        var slot = Acquire();
        var started = clock.GetTimestamp();
        metrics.SlotBusy(SlotName(slot), device, labels);
        var outcome = "failed";
        try
        {
            var result =
                inner.Run(job, new MeteredProgress(progress, metrics, SlotName(slot), labels), cancellationToken);
            outcome = result.Outcome.ToString().ToLowerInvariant();
            return result;
        }
        finally
        {
            metrics.TrialFinished(labels, outcome, clock.GetElapsedTime(started));
            metrics.SlotFree(SlotName(slot));
            Release(slot);
        }
    }

    private static string SweepLabel(TrialSpec spec) => SweepNames.FromId(spec.SweepId);

    private string SlotName(int index) => $"{device}-{index}";

    private int Acquire()
    {
        lock (_lock)
        {
            var free = Array.IndexOf(_busy, false);
            // More concurrent runs than advertised slots cannot happen; if it ever did, share the last label.
            if (free < 0) return _busy.Length - 1;
            _busy[free] = true;
            return free;
        }
    }

    private void Release(int index)
    {
        lock (_lock) _busy[index] = false;
    }

    private sealed class MeteredProgress(ITrialProgress inner, RobustGridMetrics metrics, string slot,
        TrialLabels labels) : ITrialProgress
    {
        public void OnEpoch(EpochProgress progress)
        {
            metrics.SlotProgress(slot, progress.ImagesPerSecond, progress.TrainLoss, progress.TestAccuracy);
            metrics.EpochFinished(labels, TimeSpan.FromSeconds(progress.Seconds));
            inner.OnEpoch(progress);
        }
    }
}
