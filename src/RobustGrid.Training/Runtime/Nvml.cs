using System.Runtime.InteropServices;
using System.Text;

namespace RobustGrid.Training.Runtime;

/// <summary>
/// GPU name, memory and utilisation through NVIDIA's management library, which TorchSharp does not expose.
/// Every call returns null where the library or a GPU is absent, so CPU-only machines simply see no GPU facts.
/// </summary>
public static partial class Nvml
{
    private const string Library = "libnvidia-ml.so.1";
    private static readonly Lazy<bool> Available = new(TryInit);

    public sealed record GpuFacts(string Name, long MemoryTotalBytes, long MemoryUsedBytes, int UtilizationPercent);

    public static GpuFacts? Query(int index = 0)
    {
        if (!Available.Value) return null;
        try
        {
            if (nvmlDeviceGetHandleByIndex_v2((uint)index, out var device) != 0) return null;
            var name = new byte[96];
            var nameText = nvmlDeviceGetName(device, name, (uint)name.Length) == 0
                ? Encoding.ASCII.GetString(name).TrimEnd('\0')
                : "unknown GPU";
            var memory = new MemoryInfo();
            nvmlDeviceGetMemoryInfo(device, ref memory);
            var utilization = new Utilization();
            var percent = nvmlDeviceGetUtilizationRates(device, ref utilization) == 0 ? (int)utilization.Gpu : -1;
            return new GpuFacts(nameText, (long)memory.Total, (long)memory.Used, percent);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    private static bool TryInit()
    {
        try
        {
            return nvmlInit_v2() == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MemoryInfo
    {
        public ulong Total;
        public ulong Free;
        public ulong Used;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Utilization
    {
        public uint Gpu;
        public uint Memory;
    }

    [LibraryImport(Library)]
    private static partial int nvmlInit_v2();

    [LibraryImport(Library)]
    private static partial int nvmlDeviceGetHandleByIndex_v2(uint index, out IntPtr device);

    [LibraryImport(Library)]
    private static partial int nvmlDeviceGetName(IntPtr device, [Out] byte[] name, uint length);

    [LibraryImport(Library)]
    private static partial int nvmlDeviceGetMemoryInfo(IntPtr device, ref MemoryInfo memory);

    [LibraryImport(Library)]
    private static partial int nvmlDeviceGetUtilizationRates(IntPtr device, ref Utilization utilization);
}
