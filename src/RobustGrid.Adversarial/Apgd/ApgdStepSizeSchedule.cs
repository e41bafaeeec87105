using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Apgd;

/// <summary>
/// APGD's step-size rule. At each checkpoint (see <see cref="ApgdCheckpoints"/>) the step size of an image is halved
/// when either
/// (1) its loss increased in at most rho * window of the steps since the previous checkpoint (the walk oscillates), or
/// (2) its step size was not halved at the previous checkpoint and its best loss has not improved since then.
/// The caller then restarts those images from their best point.
/// </summary>
public sealed class ApgdStepSizeSchedule : IDisposable
{
    private readonly int _iterations;
    private readonly double _rho;
    private readonly Tensor _lossHistory;
    private readonly Tensor _bestLossAtLastCheck;
    private readonly Tensor _reducedAtLastCheck;
    private int _window;
    private int _sinceCheck;

    /// <param name="initialBestLoss">The loss at the starting point, [N].</param>
    public ApgdStepSizeSchedule(int iterations, double rho, Tensor initialBestLoss)
    {
        _iterations = iterations;
        _rho = rho;
        _window = ApgdCheckpoints.FirstWindow(iterations);
        // Zero-initialised like the reference's loss_steps; see Record for why the zeros matter.
        _lossHistory = zeros(new long[] { iterations, initialBestLoss.shape[0] }, device: initialBestLoss.device);
        _bestLossAtLastCheck = initialBestLoss.detach().clone();
        // "Reduced at the last check" starts true, so rule (2) cannot fire at the first checkpoint.
        _reducedAtLastCheck = ones_like(initialBestLoss);
    }

    /// <summary>
    /// Records the loss reached at 0-based iteration <paramref name="iteration"/> and, at a checkpoint, returns the
    /// [N] bool mask of images whose step size must be halved; null between checkpoints.
    /// </summary>
    public Tensor? Record(int iteration, Tensor loss, Tensor bestLoss)
    {
        using var _ = no_grad();
        _lossHistory[iteration].copy_(loss);
        if (++_sinceCheck < _window) return null;

        var increases = zeros_like(bestLoss);
        for (var back = 0; back < _window; back++)
        {
            // The reference indexes loss_steps[i - back - 1] with Python semantics: at the first checkpoint that is
            // index -1, the last (still zero) row. Wrapping around keeps its results.
            var current = _lossHistory[Wrap(iteration - back)];
            var previous = _lossHistory[Wrap(iteration - back - 1)];
            increases.add_(current.gt(previous).to_type(ScalarType.Float32));
        }
        var oscillating = increases.le(_window * _rho).to_type(ScalarType.Float32);
        var noImprovement = (1.0 - _reducedAtLastCheck) * _bestLossAtLastCheck.ge(bestLoss).to_type(ScalarType.Float32);
        var reduce = maximum(oscillating, noImprovement);
        _reducedAtLastCheck.copy_(reduce);
        _bestLossAtLastCheck.copy_(bestLoss);

        _sinceCheck = 0;
        _window = Math.Max(_window - ApgdCheckpoints.WindowDecrement(_iterations),
            ApgdCheckpoints.MinimumWindow(_iterations));
        return reduce.gt(0);
    }

    private int Wrap(int index) => ((index % _iterations) + _iterations) % _iterations;

    public void Dispose()
    {
        _lossHistory.Dispose();
        _bestLossAtLastCheck.Dispose();
        _reducedAtLastCheck.Dispose();
    }
}
