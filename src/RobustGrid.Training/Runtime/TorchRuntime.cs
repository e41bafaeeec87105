using System.Runtime.InteropServices;
using TorchSharp;

namespace RobustGrid.Training.Runtime;

/// <summary>
/// The one place that loads libtorch and decides the device. On CPU the libtorch from the NuGet package is used.
/// For CUDA, <c>ROBUSTGRID_LIBTORCH</c> names a folder with a CUDA build of libtorch (a PyTorch install's
/// <c>torch/lib</c>); its libraries are loaded by path before TorchSharp's first call, so TorchSharp's own
/// by-name probe binds to them (TorchSharp has no setting for this).
/// </summary>
public static class TorchRuntime
{
    public const string LibTorchVariable = "ROBUSTGRID_LIBTORCH";

    private static readonly string[] CudaLibraries =
        ["libc10.so", "libtorch_cpu.so", "libc10_cuda.so", "libtorch_cuda.so", "libtorch.so"];

    private static readonly Lock Gate = new();
    private static bool _initialized;

    /// <summary>The folder the CUDA libtorch was loaded from, or null when the packaged CPU libtorch is used.</summary>
    public static string? ExternalLibTorch { get; private set; }

    /// <summary>Loads libtorch once per process. Safe to call from any thread.</summary>
    public static void Initialize()
    {
        lock (Gate)
        {
            if (_initialized) return;
            var folder = Environment.GetEnvironmentVariable(LibTorchVariable);
            if (!string.IsNullOrWhiteSpace(folder)) LoadExternal(folder);
            _initialized = true;
        }
    }

    /// <summary>Throws, saying what to set, unless the folder holds every library a CUDA libtorch needs.</summary>
    public static void ValidateLibTorchFolder(string folder)
    {
        if (!Directory.Exists(folder))
            throw new TorchRuntimeException($"{LibTorchVariable}={folder} is not a folder. {Hint}");
        var missing = CudaLibraries.Where(l => !File.Exists(Path.Combine(folder, l))).ToArray();
        if (missing.Length > 0)
            throw new TorchRuntimeException($"{LibTorchVariable}={folder} lacks {string.Join(", ", missing)}. {Hint}");
    }

    private static void LoadExternal(string folder)
    {
        ValidateLibTorchFolder(folder);
        foreach (var library in CudaLibraries)
        {
            try
            {
                NativeLibrary.Load(Path.Combine(folder, library));
            }
            catch (DllNotFoundException ex)
            {
                throw new TorchRuntimeException($"could not load {Path.Combine(folder, library)}: {ex.Message}. {Hint}",
                    ex);
            }
        }
        try
        {
            torch.InitializeDeviceType(DeviceType.CUDA);
        }
        catch (Exception ex)
        {
            throw new TorchRuntimeException(
                $"libtorch from {folder} loaded, but CUDA did not initialise ({ex.Message}). " +
                $"Check the NVIDIA driver with nvidia-smi.", ex);
        }
        ExternalLibTorch = folder;
    }

    private const string Hint =
        "Set ROBUSTGRID_LIBTORCH to a PyTorch install's torch/lib folder, e.g. "
        + "$(python3 -c 'import torch,os;print(os.path.dirname(torch.__file__))')/lib, or use --device cpu.";

    /// <summary>Maps the user's choice to a device; <c>cuda</c> without a usable GPU is an error saying what to
    /// set.</summary>
    public static torch.Device ResolveDevice(DeviceChoice choice)
    {
        Initialize();
        return choice switch
        {
            DeviceChoice.Cpu => torch.CPU,
            DeviceChoice.Cuda when torch.cuda.is_available() => torch.CUDA,
            DeviceChoice.Cuda => throw new TorchRuntimeException(
                ExternalLibTorch is null
                    ? $"--device cuda needs a CUDA libtorch, and {LibTorchVariable} is not set. {Hint}"
                    : $"--device cuda: libtorch from {ExternalLibTorch} reports no usable GPU. Check nvidia-smi."),
            _ => torch.cuda.is_available() ? torch.CUDA : torch.CPU,
        };
    }

    public static DeviceChoice ParseChoice(string text) => text.ToLowerInvariant() switch
    {
        "auto" => DeviceChoice.Auto,
        "cpu" => DeviceChoice.Cpu,
        "cuda" or "gpu" => DeviceChoice.Cuda,
        _ => throw new ArgumentException($"device '{text}' is not one of auto, cpu, cuda"),
    };
}
