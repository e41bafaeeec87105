using RobustGrid.Corruptions.Metrics;
using RobustGrid.Data;
using static TorchSharp.torch;

namespace RobustGrid.Evaluation.Scoring;

/// <summary>
/// Scores a classifier on a device-resident image set, batch by batch, through a <see cref="Scorer"/>. Every
/// evaluator here slices image sets into the same <see cref="BatchSize"/> batches, so one model shown the same
/// images gets the same logits whichever path scores it.
/// </summary>
public static class ImageScoring
{
    public const int BatchSize = 500;

    /// <param name="logits">The classifier, on batches of <paramref name="images"/>: returns logits [B,
    /// classes].</param>
    /// <param name="images">Images [N, …] as the classifier takes them (e.g. uint8 NCHW).</param>
    /// <param name="labels">Class indices [N].</param>
    public static ClassifierScores Score(Func<Tensor, Tensor> logits, Tensor images, Tensor labels,
        int batchSize = BatchSize, CancellationToken cancellation = default)
    {
        if (batchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "at least one image per batch");
        var scorer = new Scorer();
        var count = images.shape[0];
        for (long start = 0; start < count; start += batchSize)
        {
            cancellation.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var n = Math.Min(batchSize, count - start);
            scorer.Add(logits(images.narrow(0, start, n)), labels.narrow(0, start, n));
        }
        return scorer.Result();
    }

    /// <summary>Scores host images (in memory or on disk), uploading one batch at a time as uint8 NCHW: the batches
    /// and numbers of the device-resident overload, with a few batches in memory whatever the set's size.</summary>
    public static ClassifierScores Score(Func<Tensor, Tensor> logits, IImageSource images, Device device,
        int batchSize = BatchSize, CancellationToken cancellation = default)
    {
        var scorer = new Scorer();
        foreach (var batch in images.Batches(batchSize))
        {
            cancellation.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var pixels = tensor(batch.Pixels, ScalarType.Byte)
                .reshape(batch.Count, batch.Height, batch.Width, batch.Channels).permute(0, 3, 1, 2).contiguous()
                .to(device);
            var labels = tensor(batch.Labels, ScalarType.Int32).to(ScalarType.Int64).to(device);
            scorer.Add(logits(pixels), labels);
        }
        return scorer.Result();
    }
}
