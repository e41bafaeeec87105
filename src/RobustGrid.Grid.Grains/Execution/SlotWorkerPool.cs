using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RobustGrid.Grid.Grains.Options;

namespace RobustGrid.Grid.Grains.Execution;

/// <summary>This silo's trainer slots: one dedicated worker thread per advertised slot, created on first use.</summary>
public sealed class SlotWorkerPool(IOptions<GridSiloOptions> options, ITrialExecutor executor, IGrainFactory grains, ILoggerFactory loggers) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, SlotWorker> _workers = [];

    public int Slots => options.Value.TrainerSlots;

    internal SlotWorker Get(int slot)
    {
        if (slot < 0 || slot >= Slots) throw new ArgumentOutOfRangeException(nameof(slot), $"this silo has {Slots} trainer slots");
        lock (_lock)
        {
            if (!_workers.TryGetValue(slot, out var worker))
                _workers[slot] = worker = new SlotWorker(slot, executor, grains, loggers.CreateLogger<SlotWorker>());
            return worker;
        }
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
