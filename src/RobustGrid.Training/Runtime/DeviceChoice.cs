namespace RobustGrid.Training.Runtime;

/// <summary>The <c>--device</c> choice: <c>auto</c> takes CUDA when a usable GPU is present.</summary>
public enum DeviceChoice
{
    Auto,
    Cpu,
    Cuda,
}
