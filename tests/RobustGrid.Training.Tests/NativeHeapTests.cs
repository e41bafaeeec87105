using System.Runtime.InteropServices;
using RobustGrid.Training.Runtime;

namespace RobustGrid.Training.Tests;

/// <summary>
/// The native allocator's statistics follow what the program holds, and releasing hands free pages back. Blocks come
/// from <see cref="Marshal.AllocHGlobal(int)"/>, which is malloc, so they land where libtorch's tensors do. Serial:
/// another test's tensors allocating at the same time would move the numbers.
/// </summary>
[Collection(SerialTorchCollection.Name)]
public sealed class NativeHeapTests
{
    private const int SmallBlocks = 200_000;
    private const int SmallBlockBytes = 256;
    private const long MiB = 1 << 20;

    [Fact]
    public void AllocatedCountsLiveBlocksAndRetainedTheHolesFreedBetweenThem()
    {
        FinalizeEarlierTestsTensors();
        var before = Read();
        var blocks = Allocate(SmallBlocks, SmallBlockBytes);
        var held = Read();
        // Every other block freed: the holes cannot go back to the kernel while their neighbours live.
        for (var i = 0; i < blocks.Length; i += 2) Marshal.FreeHGlobal(blocks[i]);
        var holes = Read();
        for (var i = 1; i < blocks.Length; i += 2) Marshal.FreeHGlobal(blocks[i]);

        const long total = (long)SmallBlocks * SmallBlockBytes;
        Assert.True(held.AllocatedBytes - before.AllocatedBytes >= total * 9 / 10,
            $"allocated {before.AllocatedBytes} -> {held.AllocatedBytes} after {total} bytes of blocks");
        Assert.True(held.AllocatedBytes - holes.AllocatedBytes >= total * 4 / 10,
            $"allocated {held.AllocatedBytes} -> {holes.AllocatedBytes} after freeing half");
        Assert.True(holes.RetainedBytes - held.RetainedBytes >= total * 4 / 10,
            $"{holes.Allocator} retained {held.RetainedBytes} -> {holes.RetainedBytes} after freeing every other " +
            $"block");
    }

    [Fact]
    public void ReleasingFreePagesShrinksWhatTheAllocatorRetains()
    {
        if (Read().Allocator != "jemalloc")
        {
            // glibc gives blocks this large back to the kernel on free (they are mmap'ed); nothing is retained.
            Assert.Equal("glibc", Read().Allocator);
            return;
        }
        FinalizeEarlierTestsTensors();
        var blocks = Allocate(64, (int)MiB);
        foreach (var block in blocks) Marshal.FreeHGlobal(block);
        var freed = Read();
        NativeHeap.ReleaseFreePages();
        var released = Read();
        // With purging off (the product's and the test script's configuration) the freed pages stay until released.
        Assert.True(freed.RetainedBytes - released.RetainedBytes >= 48 * MiB,
            $"retained {freed.RetainedBytes} after freeing 64 MiB, {released.RetainedBytes} after releasing");
    }

    /// <summary>
    /// Tensors that earlier tests dropped free their native memory on the finalizer thread; done here, not while the
    /// test measures.
    /// </summary>
    private static void FinalizeEarlierTestsTensors()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static NativeHeapStatistics Read() =>
        NativeHeap.Read() ?? throw new InvalidOperationException("the native allocator cannot be read on Linux");

    private static IntPtr[] Allocate(int count, int bytes)
    {
        var content = new byte[bytes];
        Array.Fill(content, (byte)1);
        var blocks = new IntPtr[count];
        for (var i = 0; i < count; i++)
        {
            blocks[i] = Marshal.AllocHGlobal(bytes);
            // Written, so the pages are resident, as a tensor's are.
            Marshal.Copy(content, 0, blocks[i], bytes);
        }
        return blocks;
    }
}
