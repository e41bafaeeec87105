using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Tables;
using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Digital;

/// <summary>A real JPEG round trip at the reference's quality (SkiaSharp's libjpeg-turbo; the reference uses
/// PIL).</summary>
public sealed class JpegCompression(CorruptionTable table) : ICorruption
{
    private readonly int[] _quality = table.JpegQuality;

    public string Name => "jpeg_compression";
    public CorruptionFamily Family => CorruptionFamily.Digital;
    public bool IsBenchmark => true;
    public bool IsRandom => false;

    public Tensor Apply(Tensor images, int severity, Generator generator) =>
        JpegCodec.RoundTrip(images, Severity.Pick(_quality, severity));
}
