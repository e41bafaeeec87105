using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using RobustGrid.Grid.Grains.Options;

namespace RobustGrid.Grid.Grains.Execution;

/// <summary>
/// This silo's trainer slots: one dedicated worker thread per advertised slot, created on first use. When the silo
/// shuts down, running trainings are interrupted while the silo can still send messages, so each trial hears that it
/// was interrupted (and resumes later from its checkpoint) instead of being left to the watchdog as a lost attempt.
/// </summary>
public sealed class SlotWorkerPool(
    IOptions<GridSiloOptions> options,
    ITrialExecutor executor,
    IGrainFactory grains,
    [FromKeyedServices(GridClock.Key)] TimeProvider clock,
    ILoggerFactory loggers)
    : IDisposable, ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>How long a shutdown waits for interrupted trainings to stop and report.</summary>
    private static readonly TimeSpan ShutdownReportTimeout = TimeSpan.FromSeconds(15);

    private readonly Lock _lock = new();
    private readonly Dictionary<int, SlotWorker> _workers = [];

    public int Slots => options.Value.TrainerSlots;

    internal SlotWorker Get(int slot)
    {
        if (slot < 0 || slot >= Slots)
            throw new ArgumentOutOfRangeException(nameof(slot), $"this silo has {Slots} trainer slots");
        lock (_lock)
        {
            if (!_workers.TryGetValue(slot, out var worker))
                _workers[slot] = worker = new SlotWorker(slot, executor, grains, clock,
                    loggers.CreateLogger<SlotWorker>());
            return worker;
        }
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        // Stopped first in a shutdown (stages stop in reverse), before grains deactivate and messaging closes.
        lifecycle.Subscribe(nameof(SlotWorkerPool), ServiceLifecycleStage.Active, _ => Task.CompletedTask,
            InterruptAsync);

    private async Task InterruptAsync(CancellationToken cancellationToken)
    {
        List<SlotWorker> workers;
        lock (_lock) workers = [.. _workers.Values];
        using var timeout = new CancellationTokenSource(ShutdownReportTimeout, clock);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        await Task.WhenAll(workers.Select(w => w.InterruptAsync(either.Token)));
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var w in _workers.Values) w.Dispose();
            _workers.Clear();
        }
    }
}
