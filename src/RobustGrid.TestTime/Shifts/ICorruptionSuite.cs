using static TorchSharp.torch;

namespace RobustGrid.TestTime.Shifts;

/// <summary>
/// A set of named corruptions with severities 1..<see cref="Severities"/>, applied to whole batches: the small
/// interface DynTTA's non-blind training needs from a corruption engine.
/// </summary>
public interface ICorruptionSuite
{
    /// <summary>Says where the corruptions come from (shown in every report).</summary>
    string Name { get; }
    IReadOnlyList<string> Corruptions { get; }
    int Severities { get; }

    /// <summary>uint8 [N, C, H, W] to corrupted float images in [0, 1] of the same shape.</summary>
    Tensor Apply(Tensor byteImages, int corruption, int severity, Generator generator);
}

/// <summary>A batch-level distribution shift: uint8 [N, C, H, W] to float [0, 1] images, every image shifted.</summary>
internal interface IBatchShift
{
    string Name { get; }
    Tensor Apply(Tensor byteImages, Generator generator);
}
