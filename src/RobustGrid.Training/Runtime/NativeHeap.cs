using System.Runtime.InteropServices;

namespace RobustGrid.Training.Runtime;

/// <summary>What the native allocator holds: bytes handed to the program, and bytes kept resident but free.</summary>
/// <param name="Allocator">"jemalloc" or "glibc".</param>
/// <param name="AllocatedBytes">Bytes in live allocations.</param>
/// <param name="RetainedBytes">Resident bytes the allocator keeps for reuse without anything allocated in them.</param>
public sealed record NativeHeapStatistics(string Allocator, long AllocatedBytes, long RetainedBytes);

/// <summary>
/// Reads the native allocator's statistics and hands its free pages back to the kernel. jemalloc runs with purging
/// off (<see cref="NativeAllocator"/>) so that a training reuses its own peak instead of faulting pages in again;
/// between trainings nothing needs that peak any more, and keeping it means every new extent layout adds to what is
/// retained. Works on jemalloc (through its <c>mallctl</c>) and on glibc malloc (<c>mallinfo2</c>,
/// <c>malloc_trim</c>); elsewhere it reads nothing and releases nothing.
/// </summary>
public static unsafe class NativeHeap
{
    // MALLCTL_ARENAS_ALL: the pseudo-index that addresses every arena at once.
    private const string PurgeAllArenas = "arena.4096.purge";

    private static readonly Lazy<IntPtr> Mallctl = new(() =>
        OperatingSystem.IsLinux()
        && NativeLibrary.TryGetExport(NativeLibrary.GetMainProgramHandle(), "mallctl", out var address)
            ? address
            : IntPtr.Zero);

    /// <summary>Null where the allocator cannot be asked (not Linux, or neither jemalloc nor glibc).</summary>
    public static NativeHeapStatistics? Read()
    {
        if (!OperatingSystem.IsLinux()) return null;
        if (Mallctl.Value != IntPtr.Zero) return ReadJemalloc();
        try
        {
            var info = mallinfo2();
            // Free chunks inside the heap plus the unused top: what malloc_trim could give back.
            return new NativeHeapStatistics("glibc", (long)(info.UsedOrdinary + info.MappedBytes),
                (long)info.FreeOrdinary);
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Returns every free page the allocator holds to the kernel. Costs milliseconds, and the next allocations fault
    /// their pages in again, so call it between trainings, not between steps.
    /// </summary>
    public static void ReleaseFreePages()
    {
        if (!OperatingSystem.IsLinux()) return;
        if (Mallctl.Value != IntPtr.Zero)
        {
            Control(PurgeAllArenas, null, 0);
            return;
        }
        try
        {
            malloc_trim(0);
        }
        catch (EntryPointNotFoundException)
        {
        }
    }

    private static NativeHeapStatistics ReadJemalloc()
    {
        // Statistics are a snapshot taken when the epoch advances.
        ulong epoch = 1;
        Control("epoch", &epoch, sizeof(ulong));
        var allocated = ReadSize("stats.allocated");
        var resident = ReadSize("stats.resident");
        var metadata = ReadSize("stats.metadata");
        // Resident counts allocator metadata and the pages of live allocations; the rest is kept for reuse.
        return new NativeHeapStatistics("jemalloc", allocated, Math.Max(0, resident - allocated - metadata));
    }

    private static long ReadSize(string name)
    {
        nuint value = 0;
        nuint length = (nuint)sizeof(nuint);
        var key = Marshal.StringToCoTaskMemUTF8(name);
        try
        {
            var call = (delegate* unmanaged<IntPtr, void*, nuint*, void*, nuint, int>)Mallctl.Value;
            return call(key, &value, &length, null, 0) == 0 ? (long)value : 0;
        }
        finally
        {
            Marshal.FreeCoTaskMem(key);
        }
    }

    private static void Control(string name, void* newValue, nuint newLength)
    {
        var key = Marshal.StringToCoTaskMemUTF8(name);
        try
        {
            var call = (delegate* unmanaged<IntPtr, void*, nuint*, void*, nuint, int>)Mallctl.Value;
            call(key, null, null, newValue, newLength);
        }
        finally
        {
            Marshal.FreeCoTaskMem(key);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MallocInfo2
    {
        public nuint Arena;
        public nuint OrdinaryBlocks;
        public nuint SmallBlocks;
        public nuint MappedBlocks;
        public nuint MappedBytes;
        public nuint MaxAllocated;
        public nuint FreeSmall;
        public nuint UsedOrdinary;
        public nuint FreeOrdinary;
        public nuint TopReleasable;
    }

    [DllImport("libc")]
    private static extern MallocInfo2 mallinfo2();

    [DllImport("libc")]
    private static extern int malloc_trim(nuint pad);
}
