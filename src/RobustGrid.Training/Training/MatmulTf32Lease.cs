using static TorchSharp.torch;

namespace RobustGrid.Training.Training;

/// <summary>
/// cuBLAS's TF32 switch (<c>backends.cuda.matmul.allow_tf32</c>) is one flag for the whole process. Concurrent
/// trainings of one silo that want it on and off cannot run at the same time without one of them silently computing
/// in the other's arithmetic. Each CUDA training therefore holds a lease on the setting it needs: trainings that
/// agree run together, and one that disagrees waits until they have finished. Once it waits, no new training of the
/// current setting is let in, and when the last one leaves the waiting side goes first, so neither starves the other.
/// </summary>
internal static class MatmulTf32Lease
{
    private static readonly object Gate = new();
    private static int _holders;
    private static bool _current;
    private static readonly int[] Waiting = new int[2];

    /// <summary>The setting the holders share, or null when nobody holds a lease.</summary>
    public static bool? Current
    {
        get
        {
            lock (Gate) return _holders > 0 ? _current : null;
        }
    }

    /// <summary>
    /// How many callers wait for <paramref name="allowTf32"/>. A caller counted here is blocked, not about to enter: it
    /// is counted and checked under one lock, and leaves the count in the same hold when it may enter.
    /// </summary>
    public static int WaitingFor(bool allowTf32)
    {
        lock (Gate) return Waiting[Index(allowTf32)];
    }

    /// <summary>Blocks until the flag can be <paramref name="allowTf32"/> for this caller; null when cancelled
    /// first.</summary>
    public static IDisposable? Acquire(bool allowTf32, CancellationToken cancellation)
    {
        lock (Gate)
        {
            Waiting[Index(allowTf32)]++;
            try
            {
                while (!CanEnter(allowTf32))
                {
                    if (cancellation.IsCancellationRequested) return null;
                    // A timed wait, so that a cancellation is seen without anyone pulsing.
                    Monitor.Wait(Gate, TimeSpan.FromMilliseconds(200));
                }
            }
            finally
            {
                Waiting[Index(allowTf32)]--;
            }
            if (_holders == 0)
            {
                _current = allowTf32;
                backends.cuda.matmul.allow_tf32 = allowTf32;
            }
            _holders++;
            return new Lease();
        }
    }

    // Free: whoever waited for the setting that just ran goes first. Held: only trainings of the same setting join,
    // and only while nobody waits for the other.
    private static bool CanEnter(bool allowTf32) =>
        _holders == 0
            ? _current != allowTf32 || Waiting[Index(!allowTf32)] == 0
            : _current == allowTf32 && Waiting[Index(!allowTf32)] == 0;

    private static int Index(bool allowTf32) => allowTf32 ? 1 : 0;

    private sealed class Lease : IDisposable
    {
        private bool _released;

        public void Dispose()
        {
            lock (Gate)
            {
                if (_released) return;
                _released = true;
                if (--_holders == 0) Monitor.PulseAll(Gate);
            }
        }
    }
}
