using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Digital;

/// <summary>A real JPEG round trip at the reference's quality (SkiaSharp's libjpeg-turbo; the reference uses
/// PIL).</summary>
public sealed class JpegCompression : ICorruption
{
    private static readonly int[] Quality = [80, 65, 58, 50, 40];

    public string Name => "jpeg_compression";
    public CorruptionFamily Family => CorruptionFamily.Digital;
    public bool IsBenchmark => true;
    public bool IsRandom => false;

    public Tensor Apply(Tensor images, int severity, Generator generator) =>
        JpegCodec.RoundTrip(images, Severity.Pick(Quality, severity));
}
