using RobustGrid.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Training;

/// <summary>
/// The arithmetic a training runs in. fp32 is the default on every device until a GPU measurement shows that
/// bf16-mixed keeps accuracy there; on CUDA it means libtorch's defaults (as PyTorch eager: fp32 matrix products,
/// cuDNN convolutions allowed TF32). tf32 also lets cuBLAS use TF32 tensor cores for the matrix products; it is
/// CUDA-only and rejected on the CPU. bf16-mixed keeps fp32 master weights, optimizer
/// state and batch-norm statistics and computes convolutions and linear layers in bf16 (see <see cref="ComputePolicy"/>).
/// </summary>
public static class TrainingPrecision
{
    public const string Fp32 = "fp32";
    public const string Tf32 = "tf32";
    public const string Bf16Mixed = "bf16-mixed";

    public static readonly IReadOnlyList<string> Names = [Fp32, Tf32, Bf16Mixed];

    /// <summary>The policy the models compute under, after setting the process-wide TF32 flags for CUDA.</summary>
    public static ComputePolicy Apply(string precision, bool channelsLast, Device device)
    {
        if (!Names.Contains(precision))
            throw new ArgumentException($"precision: {string.Join(", ", Names)}", nameof(precision));
        if (precision == Tf32 && device.type != DeviceType.CUDA)
            throw new ArgumentException("precision tf32 needs a CUDA device (the CPU has no TF32 arithmetic); use fp32");
        if (device.type == DeviceType.CUDA && precision != Bf16Mixed)
        {
            // fp32 restores libtorch's (and PyTorch eager's) defaults: fp32 matrix products, cuDNN free to use TF32
            // for convolutions; tf32 allows it for both. Process-wide in libtorch: concurrent trainings in one
            // process share the last setting.
            backends.cuda.matmul.allow_tf32 = precision == Tf32;
            backends.cudnn.allow_tf32 = true;
        }
        return new ComputePolicy(precision == Bf16Mixed ? ScalarType.BFloat16 : null, channelsLast);
    }
}
