namespace RobustGrid.Grid.Grains.Execution;

/// <summary>
/// A blocking queue for dedicated worker threads that sleeps instead of spinning. BlockingCollection waits on a
/// SemaphoreSlim that spins (and yields) before it blocks; with dozens of idle slot threads on a 2-core machine that
/// spinning took most of the CPU the grid had. Monitor.Wait blocks at once, and a worker that waits for a job waits
/// for seconds (a training run) anyway.
/// </summary>
internal sealed class QuietWorkQueue<T>
{
    private readonly Queue<T> _items = new();
    private readonly object _gate = new();
    private bool _completed;

    public void Add(T item)
    {
        lock (_gate)
        {
            if (_completed) throw new InvalidOperationException("the queue no longer accepts work");
            _items.Enqueue(item);
            Monitor.Pulse(_gate);
        }
    }

    public void CompleteAdding()
    {
        lock (_gate)
        {
            _completed = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>The next item, or false once the queue is completed and empty.</summary>
    public bool TryTake(out T item)
    {
        lock (_gate)
        {
            while (_items.Count == 0)
            {
                if (_completed)
                {
                    item = default!;
                    return false;
                }
                Monitor.Wait(_gate);
            }
            item = _items.Dequeue();
            return true;
        }
    }
}
