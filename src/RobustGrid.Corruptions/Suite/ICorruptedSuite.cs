using RobustGrid.Corruptions.Core;
using RobustGrid.Data;

namespace RobustGrid.Corruptions.Suite;

/// <summary>
/// A test set under every corruption and severity: what an evaluator iterates over. Images are uint8 N×H×W×C, the
/// same N images (same labels) for every corruption and severity.
/// </summary>
public interface ICorruptedSuite
{
    /// <summary>Shown in reports, e.g. "CIFAR-10-C (official files)" or "RobustGrid-generated CIFAR-10-C (seed
    /// 0)".</summary>
    string Description { get; }

    IReadOnlyList<string> Corruptions { get; }

    /// <summary>The severities the suite holds, ascending: what an evaluator scores.</summary>
    IReadOnlyList<int> Severities => Severity.All;
    int[] Labels { get; }
    int Height { get; }
    int Width { get; }
    int Channels { get; }

    /// <summary>The N corrupted images of one corruption at one severity.</summary>
    byte[] Images(string corruption, int severity);

    /// <summary>The same images in consecutive batches of <paramref name="batchSize"/> (the last may be smaller); a
    /// suite generated from a test set larger than memory corrupts each batch when the enumeration reaches
    /// it.</summary>
    IEnumerable<byte[]> Batches(string corruption, int severity, int batchSize) =>
        ImageSources.Batches(Images(corruption, severity), Height * Width * Channels, batchSize);
}
