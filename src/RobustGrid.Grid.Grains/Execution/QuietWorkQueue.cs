using System.Collections.Concurrent;

namespace RobustGrid.Grid.Grains.Execution;

/// <summary>
/// A blocking queue for dedicated worker threads that sleeps instead of spinning. BlockingCollection waits on a
/// SemaphoreSlim that spins (and yields) before it blocks; with dozens of idle slot threads on a 2-core machine that
/// spinning took most of the CPU the grid had. Here a producer never takes a lock (the grain turn that enqueues
/// does not wait for a worker waking on the same lock), and an idle worker blocks on an event without spinning.
/// </summary>
internal sealed class QuietWorkQueue<T>
{
    private readonly ConcurrentQueue<T> _items = new();
    private readonly ManualResetEventSlim _available = new(false, spinCount: 0);
    private volatile bool _completed;

    public void Add(T item)
    {
        if (_completed) throw new InvalidOperationException("the queue no longer accepts work");
        _items.Enqueue(item);
        _available.Set();
    }

    public void CompleteAdding()
    {
        _completed = true;
        _available.Set();
    }

    /// <summary>The next item, or false once the queue is completed and empty.</summary>
    public bool TryTake(out T item)
    {
        while (!_items.TryDequeue(out item!))
        {
            if (_completed) return false;
            // Reset, then look again: an item enqueued before the reset is seen now, one after it sets the event.
            _available.Reset();
            if (_items.TryDequeue(out item!)) return true;
            if (_completed) return false;
            _available.Wait();
        }
        return true;
    }
}
