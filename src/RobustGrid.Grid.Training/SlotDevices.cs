using RobustGrid.Training.Runtime;
using static TorchSharp.torch;

namespace RobustGrid.Grid.Training;

/// <summary>A silo's trainer device setting ("cpu" or "cuda", GridSiloOptions.TrainerDevice) as the training library's
/// choice.</summary>
internal static class SlotDevices
{
    public static DeviceChoice Choice(string slotDevice) => slotDevice == "cuda" ? DeviceChoice.Cuda : DeviceChoice.Cpu;

    public static Device Resolve(string slotDevice) => TorchRuntime.ResolveDevice(Choice(slotDevice));
}
