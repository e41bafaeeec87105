using RobustGrid.Data.Streaming;
using static TorchSharp.torch;

namespace RobustGrid.Training.Data;

/// <summary>
/// The images a training draws its batches from: resident on the device (<see cref="DeviceImageSet"/>, an epoch is a
/// seeded permutation of it) or streamed from disk (<see cref="StreamedSplit"/>, whose order and crops the run's seed
/// fixes), so the training loop is the same for both.
/// </summary>
public sealed class TrainingSplit : IDisposable
{
    private readonly DeviceImageSet? _resident;
    private readonly StreamedSplit? _streamed;

    private TrainingSplit(DeviceImageSet? resident, StreamedSplit? streamed, Device device)
    {
        _resident = resident;
        _streamed = streamed;
        Device = device;
    }

    public static TrainingSplit Resident(DeviceImageSet set) => new(set, null, set.Images.device);

    public static TrainingSplit Streamed(StreamedSplit split, Device device) => new(null, split, device);

    public Device Device { get; }
    public int Count => _resident?.Count ?? _streamed!.Count;
    public int Channels => _resident?.Channels ?? 3;
    public int Classes => _resident?.Classes ?? _streamed!.ClassNames.Count;
    public int ImageSize => _resident?.Height ?? _streamed!.Preprocessing.ImageSize;

    /// <summary>
    /// One epoch's batches in order: each item makes the step's images (uint8 N×C×H×W) and int64 labels, and is called
    /// inside the step's dispose scope. The resident order is drawn from <paramref name="generator"/> before the first
    /// batch, as the method's own draws follow it.
    /// </summary>
    public IEnumerable<Func<(Tensor Images, Tensor Labels)>> Epoch(long seed, int epoch, int batchSize,
        Generator generator, CancellationToken cancellation)
    {
        if (_resident is { } set)
        {
            using var order = randperm(set.Count, ScalarType.Int64, Device, generator: generator);
            for (var start = 0; start < set.Count; start += batchSize)
            {
                var first = start;
                yield return () =>
                {
                    var index = order.narrow(0, first, Math.Min(batchSize, set.Count - first));
                    return (set.Images.index_select(0, index), set.Labels.index_select(0, index));
                };
            }
            yield break;
        }
        foreach (var batch in _streamed!.Epoch(seed, epoch, batchSize, shuffle: true, cancellation))
            yield return () => Upload(batch);
    }

    private (Tensor Images, Tensor Labels) Upload(ImageBatch batch)
    {
        var size = batch.ImageSize;
        var images = tensor(batch.Pixels, ScalarType.Byte).reshape(batch.Count, size, size, 3)
            .permute(0, 3, 1, 2).contiguous().to(Device);
        var labels = tensor(batch.Labels, ScalarType.Int32).to(ScalarType.Int64).to(Device);
        return (images, labels);
    }

    public void Dispose() => _resident?.Dispose();
}
