using TorchSharp;

namespace RobustGrid.Training.Runtime;

/// <summary>What <c>robustgrid info</c> prints: versions, device, GPU, threads.</summary>
public sealed record RuntimeReport(
    string TorchSharpVersion,
    string LibTorchBuild,
    string LibTorchSource,
    string Device,
    bool CudaAvailable,
    int CudaDevices,
    string? GpuName,
    long? GpuMemoryTotalBytes,
    long? GpuMemoryUsedBytes,
    int IntraOpThreads,
    int ProcessorCount,
    string DotNetVersion)
{
    public static RuntimeReport Collect(DeviceChoice choice)
    {
        var device = TorchRuntime.ResolveDevice(choice);
        var cuda = torch.cuda.is_available();
        var gpu = cuda ? Nvml.Query() : null;
        return new RuntimeReport(
            typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown",
            torch.__version__,
            TorchRuntime.ExternalLibTorch ?? "libtorch-cpu-linux-x64 NuGet package",
            device.ToString(),
            cuda,
            cuda ? torch.cuda.device_count() : 0,
            gpu?.Name,
            gpu?.MemoryTotalBytes,
            gpu?.MemoryUsedBytes,
            torch.get_num_threads(),
            Environment.ProcessorCount,
            Environment.Version.ToString());
    }
}
