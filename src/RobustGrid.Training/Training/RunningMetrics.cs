using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Training;

/// <summary>
/// Loss, accuracy and the first non-finite step, accumulated on the device so the training loop never waits
/// for the GPU; <see cref="Read"/> is the only synchronisation, once per log interval.
/// </summary>
internal sealed class RunningMetrics(Device device) : IDisposable
{
    private readonly Tensor _lossSum = zeros(1, ScalarType.Float64, device);
    private readonly Tensor _correct = zeros(1, ScalarType.Int64, device);
    private readonly Tensor _firstNonFinite = full(1, -1L, ScalarType.Int64, device);
    private long _samples;
    private long _batches;

    public readonly record struct Snapshot(double MeanLoss, double Accuracy, long FirstNonFiniteStep);

    public void Add(Tensor loss, Tensor logits, Tensor labels, int step)
    {
        using var scope = NewDisposeScope();
        var detached = loss.detach();
        _lossSum.add_(detached.to(ScalarType.Float64));
        var predictions = logits.detach().argmax(1);
        _correct.add_(predictions.eq(labels.narrow(0, 0, predictions.shape[0])).sum());
        var isBad = detached.isfinite().logical_not().logical_and(_firstNonFinite.lt(0));
        _firstNonFinite.copy_(where(isBad, full(1, (long)step, ScalarType.Int64, device), _firstNonFinite));
        _samples += predictions.shape[0];
        _batches++;
    }

    public Snapshot Read() => new(
        _batches == 0 ? double.NaN : _lossSum.item<double>() / _batches,
        _samples == 0 ? double.NaN : (double)_correct.item<long>() / _samples,
        _firstNonFinite.item<long>());

    public void Dispose()
    {
        _lossSum.Dispose();
        _correct.Dispose();
        _firstNonFinite.Dispose();
    }
}
