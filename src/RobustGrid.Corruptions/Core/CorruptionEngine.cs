using RobustGrid.Corruptions.Tables;
using RobustGrid.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Core;

/// <summary>
/// Applies a corruption of one parameter table to uint8 images in the CIFAR-10-C layout [N, H, W, C] on whatever device
/// they live on. Images are processed in fixed chunks of <see cref="ChunkSize"/>, each with its own generator seeded
/// from (seed, corruption, severity, chunk index), so the output depends only on the seed and the input — not on the
/// order corruptions are generated in, nor on how callers batch.
/// </summary>
public sealed class CorruptionEngine(CorruptionRegistry registry)
{
    /// <summary>
    /// Part of the recipe: changing it changes which random numbers each image gets. 100 images keep each
    /// intermediate tensor in cache, which is faster than larger chunks (docs/benchmarks.md, corruption engine).
    /// </summary>
    public const int ChunkSize = 100;

    public CorruptionRegistry Registry { get; } = registry;

    /// <summary>
    /// Threads that corrupt chunks side by side (1: the calling thread alone). Chunks are small, so libtorch's own
    /// intra-op threads mostly wait on each other; whole chunks in parallel, each on one torch thread, use the cores
    /// better. Set above 1 only where the process runs with one torch thread (torch.set_num_threads(1)), or the two
    /// kinds of parallelism oversubscribe the cores. The output does not depend on it: each chunk has its own seed.
    /// </summary>
    public int Workers { get; init; } = 1;

    public static CorruptionEngine Default(string? frostFolder = null, int workers = 1) =>
        new(CorruptionRegistry.Default(frostFolder)) { Workers = workers };

    /// <summary>An engine with <paramref name="table"/>'s parameters, for images of its size.</summary>
    public static CorruptionEngine For(CorruptionTable table, string? frostFolder = null, int workers = 1) =>
        new(CorruptionRegistry.For(table, frostFolder)) { Workers = workers };

    public CorruptionTable Table => Registry.Table;

    /// <summary>Corrupts uint8 [N, H, W, C] images; returns the same shape and dtype on the same device.</summary>
    /// <param name="firstChunk">Which chunk of a larger set the first image starts: a set corrupted block by block
    /// (blocks of whole chunks) gets the images the whole set gets.</param>
    public Tensor Corrupt(Tensor images, string name, int severity, long seed, long firstChunk = 0)
    {
        var corruption = Registry.Get(name);
        Severity.Check(severity, name);
        if (images.dtype != ScalarType.Byte)
            throw new ArgumentException($"images must be uint8 (the CIFAR-10-C dtype); got {images.dtype}",
                nameof(images));
        var layout = ImageLayout.Of(images.shape, Table);
        var n = images.shape[0];
        var parts = new Tensor[(int)((n + ChunkSize - 1) / ChunkSize)];
        void CorruptPart(int chunk)
        {
            // no_grad and dispose scopes belong to the thread: each worker opens its own.
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var start = (long)chunk * ChunkSize;
            var part = images.narrow(0, start, Math.Min(ChunkSize, n - start));
            using var generator = new Generator(SeedMixer.Mix(seed, name, severity, firstChunk + chunk), images.device);
            parts[chunk] = CorruptChunk(corruption, part, severity, generator, layout).DetachFromDisposeScope();
        }
        try
        {
            if (Workers <= 1 || parts.Length == 1 || images.device.type != DeviceType.CPU)
                for (var chunk = 0; chunk < parts.Length; chunk++) CorruptPart(chunk);
            else
                Parallel.For(0, parts.Length, new ParallelOptions { MaxDegreeOfParallelism = Workers }, CorruptPart);
        }
        catch
        {
            // Finished chunks are detached from every scope: free them before the error leaves.
            foreach (var p in parts) p?.Dispose();
            throw;
        }
        // Made on the calling thread, so the result joins the caller's dispose scope as before.
        var result = parts.Length == 1 ? parts[0].alias() : cat(parts, 0);
        foreach (var p in parts) p.Dispose();
        return result;
    }

    /// <summary>Corrupts an image set's pixels on the CPU; returns the corrupted pixels in the same layout.</summary>
    public byte[] Corrupt(ImageSet images, string name, int severity, long seed)
    {
        using var scope = NewDisposeScope();
        var input = tensor(images.Pixels, [images.Count, images.Height, images.Width, images.Channels]);
        return Corrupt(input, name, severity, seed).data<byte>().ToArray();
    }

    private static Tensor CorruptChunk(ICorruption corruption, Tensor nhwc, int severity, Generator generator,
        ImageLayout layout)
    {
        var nchw = nhwc.permute(0, 3, 1, 2);
        if (layout.Channels == 1) nchw = nchw.expand(-1, 3, -1, -1);
        if (!layout.IsNative)
        {
            var (top, left) = (layout.PadTop, layout.PadLeft);
            nchw = nn.functional.pad(nchw,
                [left, layout.Canvas - layout.Width - left, top, layout.Canvas - layout.Height - top]);
        }
        var output = ToBytes(corruption.Apply(nchw.contiguous(), severity, generator));
        if (!layout.IsNative)
            output = output[.., .., layout.PadTop..(layout.PadTop + layout.Height),
                layout.PadLeft..(layout.PadLeft + layout.Width)];
        if (layout.Channels == 1) output = output[.., ..1];
        return output.permute(0, 2, 3, 1).contiguous();
    }

    /// <summary>
    /// The reference's np.uint8(values·255): truncation toward zero, not rounding (a float → uint8 cast truncates
    /// too, once the values are clamped to 0..255). float32 results get a guard of 1e-4 (a few float32 ulps at 255)
    /// so an exact integer computed as 127.99998 does not drop to 127. The corruption's result is a temporary of
    /// this chunk, so it is scaled in place.
    /// </summary>
    internal static Tensor ToBytes(Tensor values)
    {
        if (values.dtype == ScalarType.Byte) return values;
        var guard = values.dtype == ScalarType.Float64 ? 0.0 : 1e-4;
        return values.mul_(255.0).add_(guard).clamp_(0, 255).to_type(ScalarType.Byte);
    }
}
