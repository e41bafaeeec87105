using RobustGrid.Corruptions.Metrics;
using RobustGrid.Data;
using RobustGrid.Evaluation.Scoring;
using static TorchSharp.torch;

namespace RobustGrid.Training.Data;

/// <summary>
/// The images a model is scored on after each epoch or by an evaluation: resident on the device when the split is in
/// memory (uploaded once, scored many times), or read from disk and uploaded a batch at a time when the dataset keeps
/// its test split there (<see cref="DatasetSplits.TestImages"/>). Both score the same batches, so the numbers agree.
/// </summary>
public sealed class EvaluationSplit : IDisposable
{
    private readonly DeviceImageSet? _resident;
    private readonly IImageSource? _streamed;

    private EvaluationSplit(DeviceImageSet? resident, IImageSource? streamed, Device device)
    {
        _resident = resident;
        _streamed = streamed;
        Device = device;
    }

    public static EvaluationSplit For(IImageSource images, Device device) => images is ImageSet set
        ? new EvaluationSplit(DeviceImageSet.Upload(set, device), null, device)
        : new EvaluationSplit(null, images, device);

    public Device Device { get; }

    /// <param name="logits">The classifier on uint8 NCHW batches: logits [B, classes].</param>
    public ClassifierScores Score(Func<Tensor, Tensor> logits, CancellationToken cancellation = default) =>
        _resident is { } set
            ? ImageScoring.Score(logits, set.Images, set.Labels, cancellation: cancellation)
            : ImageScoring.Score(logits, _streamed!, Device, cancellation: cancellation);

    public void Dispose() => _resident?.Dispose();
}
