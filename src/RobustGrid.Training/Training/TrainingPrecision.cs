using RobustGrid.Catalog;
using RobustGrid.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Training;

/// <summary>
/// The arithmetic a training runs in. fp32 is the default on every device until a GPU measurement shows that
/// bf16-mixed keeps accuracy there; on CUDA it means libtorch's defaults (as PyTorch eager: fp32 matrix products,
/// cuDNN convolutions allowed TF32). tf32 also lets cuBLAS use TF32 tensor cores for the matrix products; it is
/// CUDA-only and rejected on the CPU. bf16-mixed keeps fp32 master weights, optimizer
/// state and batch-norm statistics and computes convolutions and linear layers in bf16 (see
/// <see cref="ComputePolicy"/>).
/// </summary>
public static class TrainingPrecision
{
    public const string Fp32 = Precisions.Fp32;
    public const string Tf32 = Precisions.Tf32;
    public const string Bf16Mixed = Precisions.Bf16Mixed;

    public static IReadOnlyList<string> Names => Precisions.Names;

    /// <summary>The policy the models compute under. The matmul TF32 switch is held by
    /// <see cref="HoldMatmulSetting"/>.</summary>
    public static ComputePolicy Apply(string precision, bool channelsLast, Device device)
    {
        if (!Names.Contains(precision))
            throw new ArgumentException($"precision: {string.Join(", ", Names)}", nameof(precision));
        if (precision == Tf32 && device.type != DeviceType.CUDA)
            throw new ArgumentException(
                "precision tf32 needs a CUDA device (the CPU has no TF32 arithmetic); use fp32");
        // libtorch's (and PyTorch eager's) default, the same for every precision: cuDNN may use TF32 for convolutions.
        if (device.type == DeviceType.CUDA) backends.cudnn.allow_tf32 = true;
        return new ComputePolicy(precision == Bf16Mixed ? ScalarType.BFloat16 : null, channelsLast);
    }

    /// <summary>
    /// On CUDA, holds the process-wide cuBLAS TF32 switch on for tf32 and off (libtorch's default) for fp32 and
    /// bf16-mixed, for as long as the training runs (see <see cref="MatmulTf32Lease"/>). The CPU has nothing to
    /// hold. Null when <paramref name="cancellation"/> fires while waiting for trainings of the other setting.
    /// </summary>
    public static IDisposable? HoldMatmulSetting(string precision, Device device, CancellationToken cancellation) =>
        device.type == DeviceType.CUDA ? MatmulTf32Lease.Acquire(precision == Tf32, cancellation)
            : NothingHeld.Instance;

    private sealed class NothingHeld : IDisposable
    {
        public static readonly NothingHeld Instance = new();

        public void Dispose()
        {
        }
    }
}
