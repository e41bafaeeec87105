using System.Diagnostics;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;

namespace RobustGrid.Bench.Telemetry;

/// <summary>What one trial cost: wall and whole-process CPU time around the executor, and the trainer's own epoch
/// times.</summary>
internal sealed record TrialCost(double WallSeconds, double ProcessCpuSeconds, double TrainerThreadCpuSeconds,
    long ImagesTrained, double TrainSeconds, long AllocatedBytes, int Gen0Collections, int Gen2Collections,
    IReadOnlyDictionary<string, double> CpuByThreadName)
{
    /// <summary>CPU of every thread but the trainer's: the runtime, Orleans, and with telemetry on the exporter and
    /// pollers.</summary>
    public double OtherThreadsCpuSeconds => ProcessCpuSeconds - TrainerThreadCpuSeconds;
}

/// <summary>
/// Sits directly around the torch executor, under the metered wrapper when telemetry is on, so the per-epoch instrument
/// calls and everything telemetry runs on other threads meanwhile (scrapes, pollers) fall inside the measured window.
/// </summary>
internal sealed class MeasuredExecutor : ITrialExecutor
{
    private readonly List<TrialCost> _costs = [];
    private ITrialExecutor? _inner;

    public MeasuredExecutor Around(ITrialExecutor inner)
    {
        _inner = inner;
        return this;
    }

    public IReadOnlyList<TrialCost> Costs
    {
        get
        {
            lock (_costs) return [.. _costs];
        }
    }

    public TrialRunResult Run(TrainerJob job, ITrialProgress progress, CancellationToken cancellationToken)
    {
        var epochs = new EpochClock(progress);
        var process = Process.GetCurrentProcess();
        var (gen0, gen2, allocated) =
            (GC.CollectionCount(0), GC.CollectionCount(2), GC.GetTotalAllocatedBytes(precise: true));
        var threads = ThreadCpu.Snapshot();
        var cpu = process.TotalProcessorTime;
        var trainerCpu = ThreadCpu.CurrentThreadSeconds();
        var wall = Stopwatch.StartNew();
        // With one torch thread, libtorch computes on this (the slot's) thread.
        var result = (_inner ?? throw new InvalidOperationException("no executor to measure"))
            .Run(job, epochs, cancellationToken);
        var seconds = wall.Elapsed.TotalSeconds;
        trainerCpu = ThreadCpu.CurrentThreadSeconds() - trainerCpu;
        process.Refresh();
        var processCpu = (process.TotalProcessorTime - cpu).TotalSeconds;
        var cost = new TrialCost(seconds, processCpu, trainerCpu, epochs.Images, epochs.Seconds,
            GC.GetTotalAllocatedBytes(precise: true) - allocated, GC.CollectionCount(0) - gen0,
            GC.CollectionCount(2) - gen2, ThreadCpu.ByName(threads, ThreadCpu.Snapshot()));
        lock (_costs) _costs.Add(cost);
        return result;
    }

    /// <summary>Sums the trainer's epoch reports (training time only: no data loading, test pass or
    /// checkpoint).</summary>
    private sealed class EpochClock(ITrialProgress inner) : ITrialProgress
    {
        public long Images { get; private set; }

        public double Seconds { get; private set; }

        public void OnEpoch(EpochProgress progress)
        {
            Images += (long)Math.Round(progress.ImagesPerSecond * progress.Seconds);
            Seconds += progress.Seconds;
            inner.OnEpoch(progress);
        }
    }
}
