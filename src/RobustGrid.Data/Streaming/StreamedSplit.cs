using System.Collections.Concurrent;
using RobustGrid.Data.Folders;
using RobustGrid.Data.Preprocessing;
using RobustGrid.Data.Readers;

namespace RobustGrid.Data.Streaming;

/// <summary>
/// A split read from disk batch by batch, for data that does not fit in memory. Worker threads decode and preprocess
/// (the training view of <see cref="ImagePreprocessing"/>) at most <see cref="PrefetchBatches"/> batches ahead of the
/// consumer, so memory holds <see cref="PrefetchBatches"/> + 2 batches whatever the split's size. The epoch's order and
/// every image's random crop come from the seed, the epoch and the image's position alone, never from which thread
/// decoded it, so a run replays exactly.
/// </summary>
public sealed class StreamedSplit(IReadOnlyList<LabelledFile> files, IReadOnlyList<string> classNames,
    ImagePreprocessing preprocessing, int workers = 0, int prefetchBatches = 4)
{
    public IReadOnlyList<LabelledFile> Files { get; } = files;
    public IReadOnlyList<string> ClassNames { get; } = classNames;
    public ImagePreprocessing Preprocessing { get; } = preprocessing;
    public int Workers { get; } = workers > 0 ? workers : Math.Max(1, Environment.ProcessorCount);
    public int PrefetchBatches { get; } = prefetchBatches >= 1 ? prefetchBatches
        : throw new ArgumentOutOfRangeException(nameof(prefetchBatches), "at least one batch is prefetched");
    public int Count => Files.Count;

    /// <summary>A split of the first <paramref name="count"/> files (a train limit), streamed the same way.</summary>
    public StreamedSplit Take(int count) => count >= Count ? this
        : new StreamedSplit(Files.Take(count).ToArray(), ClassNames, Preprocessing, Workers, PrefetchBatches);

    /// <summary>One epoch's batches in the order the seed and epoch fix; the last batch may be smaller.</summary>
    /// <param name="shuffle">False: file order and the evaluation view (no random crop).</param>
    public IEnumerable<ImageBatch> Epoch(long seed, int epoch, int batchSize, bool shuffle = true,
        CancellationToken cancellation = default)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), "batch size must be at least 1");
        var order = shuffle ? Permutation(Count, Mix(seed, epoch, -1)) : Enumerable.Range(0, Count).ToArray();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using var queue = new BlockingCollection<ImageBatch>(PrefetchBatches);
        Exception? failure = null;
        // One producer decodes batch after batch, each across the workers, and waits while the queue is full.
        var producer = Task.Factory.StartNew(() =>
        {
            try
            {
                for (var start = 0; start < Count; start += batchSize)
                {
                    var positions = order[start..Math.Min(Count, start + batchSize)];
                    queue.Add(Decode(positions, seed, epoch, shuffle, stop.Token), stop.Token);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                failure = e is AggregateException { InnerExceptions.Count: 1 } one ? one.InnerExceptions[0] : e;
            }
            finally
            {
                queue.CompleteAdding();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            foreach (var batch in queue.GetConsumingEnumerable(cancellation)) yield return batch;
            if (failure is not null) throw failure;
        }
        finally
        {
            stop.Cancel();
            producer.Wait(CancellationToken.None);
        }
    }

    private ImageBatch Decode(int[] positions, long seed, int epoch, bool train, CancellationToken cancellation)
    {
        var imageBytes = Preprocessing.ImageBytes;
        var pixels = new byte[imageBytes * positions.Length];
        var labels = new int[positions.Length];
        Parallel.For(0, positions.Length,
            new ParallelOptions { MaxDegreeOfParallelism = Workers, CancellationToken = cancellation }, i =>
            {
                var file = Files[positions[i]];
                labels[i] = file.Label;
                using var bitmap = ImageDecoder.DecodeBitmap(File.ReadAllBytes(file.Path), file.Path);
                var destination = pixels.AsSpan(i * imageBytes, imageBytes);
                if (train) Preprocessing.Train(bitmap, new Random(Mix(seed, epoch, positions[i])), destination);
                else Preprocessing.Evaluate(bitmap, destination);
            });
        return new ImageBatch(pixels, labels, Preprocessing.ImageSize);
    }

    private static int[] Permutation(int count, int seed)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        return order;
    }

    /// <summary>A seed for (run seed, epoch, image): a fixed hash, the same in every process.</summary>
    private static int Mix(long seed, int epoch, int image)
    {
        var h = (ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)(uint)epoch * 0xC2B2AE3D27D4EB4FUL
            ^ (ulong)(uint)image * 0x165667B19E3779F9UL;
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        return (int)(h & 0x7FFFFFFF);
    }
}
