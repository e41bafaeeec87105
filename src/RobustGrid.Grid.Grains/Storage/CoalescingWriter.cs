namespace RobustGrid.Grid.Grains.Storage;

/// <summary>
/// Serialises and coalesces state writes of a reentrant grain: callers that arrive while a write is in flight share
/// the next one. Every caller returns only after a write that started after its call has finished, so awaiting
/// FlushAsync still means "my change is durable". Used only on the grain's own scheduler (no locking needed).
/// </summary>
internal sealed class CoalescingWriter(Func<Task> write)
{
    private long _requested;
    private long _written;
    private Task? _running;

    public bool Dirty => _written < _requested;

    /// <summary>Marks the state changed without waiting for a write (a timer flushes it).</summary>
    public void MarkDirty() => _requested++;

    public async Task FlushAsync()
    {
        var target = ++_requested;
        while (_written < target)
        {
            var task = _running ??= WriteOnce();
            try
            {
                await task;
            }
            finally
            {
                if (ReferenceEquals(_running, task)) _running = null;
            }
        }
    }

    private async Task WriteOnce()
    {
        var snapshot = _requested;
        await write();
        _written = Math.Max(_written, snapshot);
    }
}
